package lab.gil.cpython;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.gil.machine.EventLoopSources;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CPython builds on this server that can run generated programs: the configured {@code python3}, and where
 * a scenario needs another build (no GIL, 3.14's interpreters, gevent), the first candidate that has it.
 *
 * <p>Each candidate is asked once what it is, by running it, the first time it is needed; the answers are kept for
 * the server's life (a build installed later counts after a restart). Absent builds are an answer too: a server
 * without python3 runs every scenario in its emulation only, and says so.
 */
@Component
public final class PythonBuilds implements EventLoopSources {

    /** The longest one candidate may take to say what it is. */
    static final long PROBE_TIMEOUT_SECONDS = 20;

    /* Asked with its site packages on (gevent lives there); the GIL is looked at before gevent, which turns it on. */
    private static final String PROBE = """
            import json, sys, sysconfig
            free = bool(sysconfig.get_config_var("Py_GIL_DISABLED")) and not getattr(sys, "_is_gil_enabled", lambda: True)()
            try:
                import gevent
                has_gevent = True
            except Exception:
                has_gevent = False
            try:
                from concurrent.futures import InterpreterPoolExecutor
                has_pool = True
            except Exception:
                has_pool = False
            print(json.dumps({"implementation": sys.implementation.name, "executable": sys.executable,
                              "version": sys.version.split()[0],
                              "free_threaded": free, "gevent": has_gevent, "interpreter_pool": has_pool}))
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final CPythonProperties properties;
    /** Each candidate's answer, by command; empty when it is absent or not a CPython. Guarded by itself. */
    private final Map<String, Optional<PythonBuild>> asked = new LinkedHashMap<>();

    public PythonBuilds(CPythonProperties properties) {
        this.properties = properties;
    }

    /**
     * What runs greenlet scenarios here: as {@code gillab.cpython.greenlets} says, and by default gevent where some
     * candidate has it, else asyncio.
     */
    public GreenletLibrary greenletLibrary() {
        return switch (properties.greenlets()) {
            case "gevent" -> GreenletLibrary.GEVENT;
            case "asyncio" -> GreenletLibrary.ASYNCIO;
            default -> withGevent().isPresent() ? GreenletLibrary.GEVENT : GreenletLibrary.ASYNCIO;
        };
    }

    /**
     * The event loop the hub's greenlets are charged for: the one greenlet programs run on, in the build that runs
     * them. Where gevent was asked for and no build here has it (its programs then say so), asyncio's: a loop
     * measured here, which the lesson page names, rather than figures assumed.
     */
    @Override
    public List<Source> inOrder() {
        Source asyncio = new Source(Source.ASYNCIO, properties.python());
        if (greenletLibrary() == GreenletLibrary.ASYNCIO) {
            return List.of(asyncio);
        }
        return withGevent().map(build -> List.of(new Source(Source.GEVENT, build.command()))).orElse(List.of(asyncio));
    }

    /** The configured CPython, if it is there. */
    public Optional<PythonBuild> main() {
        return ask(properties.python());
    }

    /** The build that runs programs needing {@code needs}, or a sentence saying which build is missing. */
    public Choice choose(Needs needs) {
        Optional<PythonBuild> main = main();
        if (main.isEmpty() && needs != Needs.FREE_THREADED) {
            return new Choice(null, properties.python() + " was not found on this server, so nothing runs in CPython"
                    + " here; the emulation runs as ever. Install CPython 3.10 or newer, or set"
                    + " gillab.cpython.python to one.");
        }
        if (main.isPresent() && main.get().meets(needs)) {
            return new Choice(main.get(), null);
        }
        List<String> candidates = switch (needs) {
            case FREE_THREADED -> properties.freeThreaded();
            case INTERPRETERS -> properties.interpreters();
            case GEVENT -> properties.gevent();
            case ANY_CPYTHON -> List.of();
        };
        for (String candidate : candidates) {
            Optional<PythonBuild> build = ask(candidate);
            if (build.isPresent() && build.get().meets(needs)) {
                return new Choice(build.get(), null);
            }
        }
        List<String> looked = new ArrayList<>(List.of(properties.python()));
        looked.addAll(candidates);
        String property = switch (needs) {
            case FREE_THREADED -> "gillab.cpython.free-threaded";
            case INTERPRETERS -> "gillab.cpython.interpreters";
            default -> "gillab.cpython.gevent";
        };
        // gevent is only needed where gillab.cpython.greenlets says gevent: asyncio is the other way out.
        String orElse = needs == Needs.GEVENT ? ", or gillab.cpython.greenlets=asyncio to run greenlets as asyncio's"
                + " coroutines" : "";
        return new Choice(null, "This scenario needs " + needs.words() + ", and this server has none (it looked for "
                + String.join(", ", looked) + "; set " + property + " to add one" + orElse
                + "). The emulation runs as ever.");
    }

    private Optional<PythonBuild> withGevent() {
        Choice choice = choose(Needs.GEVENT);
        return Optional.ofNullable(choice.build());
    }

    private Optional<PythonBuild> ask(String command) {
        synchronized (asked) {
            return asked.computeIfAbsent(command, PythonBuilds::probe);
        }
    }

    /** Runs {@code command} on the probe; empty when it cannot be started, fails, is slow or is not CPython. */
    static Optional<PythonBuild> probe(String command) {
        Process process;
        try {
            process = new ProcessBuilder(command, "-c", PROBE).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return Optional.empty();
        }
        try {
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            JsonNode answer = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
            if (!"cpython".equals(answer.path("implementation").asString())) {
                return Optional.empty();
            }
            return Optional.of(new PythonBuild(command, answer.path("executable").asString(),
                    answer.path("version").asString(),
                    answer.path("free_threaded").asBoolean(), answer.path("gevent").asBoolean(),
                    answer.path("interpreter_pool").asBoolean()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | JacksonException e) {
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * The build that runs a program, or why none here can.
     *
     * @param build the build, or null when none fits
     * @param whyNot a sentence for the page saying which build is missing; null when there is a build
     */
    public record Choice(PythonBuild build, String whyNot) {

        public boolean found() {
            return build != null;
        }
    }
}
