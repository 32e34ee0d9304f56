package lab.gil.cpython;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Which CPython builds run generated programs and how much memory each of their processes may take, set with
 * {@code gillab.cpython.*} properties or {@code GILLAB_CPYTHON_*} variables.
 *
 * @param python             the CPython that runs programs with the GIL: a command on the PATH or a path
 * @param freeThreaded       CPython builds without a GIL to look for, first found wins (paths or commands)
 * @param interpreters       CPython 3.14 builds to look for when {@code python} is older, for one interpreter per worker
 * @param gevent             CPython builds to look for when {@code python} has no gevent; Debian's python3-gevent
 *                           installs it for /usr/bin/python3
 * @param memoryPerProcess   the most memory (data and stacks) each process of a program may map
 * @param greenlets          what greenlets are in CPython: {@code gevent}, {@code asyncio}, or {@code auto} (gevent
 *                           where a build here has it, else asyncio). Greenlet scenarios' programs use it, and the
 *                           emulation's hub charges each greenlet what that loop spends on a task.
 */
@ConfigurationProperties("gillab.cpython")
public record CPythonProperties(
        @DefaultValue("python3") String python,
        @DefaultValue({"python3.14t", "python3.13t"}) List<String> freeThreaded,
        @DefaultValue({"python3.14", "python3.14t"}) List<String> interpreters,
        @DefaultValue("/usr/bin/python3") List<String> gevent,
        @DefaultValue("2GB") DataSize memoryPerProcess,
        @DefaultValue(AUTO) String greenlets) {

    /** {@link #greenlets}: gevent where a build here has it, else asyncio. */
    public static final String AUTO = "auto";
    static final List<String> GREENLETS = List.of(AUTO, "gevent", "asyncio");

    /** Bounds of {@link #memoryPerProcess}: a hundred threads' stacks need about 1 GB. */
    static final DataSize MIN_MEMORY = DataSize.ofMegabytes(256), MAX_MEMORY = DataSize.ofGigabytes(64);

    public CPythonProperties {
        if (python == null || python.isBlank()) {
            throw new IllegalArgumentException("gillab.cpython.python must name a CPython, such as python3");
        }
        if (memoryPerProcess.compareTo(MIN_MEMORY) < 0 || memoryPerProcess.compareTo(MAX_MEMORY) > 0) {
            throw new IllegalArgumentException("gillab.cpython.memory-per-process must be between 256MB and 64GB, not "
                    + memoryPerProcess);
        }
        greenlets = greenlets == null ? AUTO : greenlets.strip().toLowerCase(java.util.Locale.ROOT);
        if (!GREENLETS.contains(greenlets)) {
            throw new IllegalArgumentException("gillab.cpython.greenlets must be auto, gevent or asyncio, not "
                    + greenlets);
        }
    }

    /** The defaults, for tests and tools that run without Spring. */
    public static CPythonProperties defaults() {
        return new CPythonProperties("python3", List.of("python3.14t", "python3.13t"),
                List.of("python3.14", "python3.14t"), List.of("/usr/bin/python3"), DataSize.ofGigabytes(2), AUTO);
    }

    /** The same with greenlets run by {@code library} ({@code auto}, {@code gevent} or {@code asyncio}). */
    public CPythonProperties withGreenlets(String library) {
        return new CPythonProperties(python, freeThreaded, interpreters, gevent, memoryPerProcess, library);
    }
}
