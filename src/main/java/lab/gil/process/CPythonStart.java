package lab.gil.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What starting a process costs the local CPython, for a worker's start to be shown beside: from
 * {@code Process.start()} until the child has answered on a pipe (as a worker's "ready"), median of a few, with the
 * {@code spawn} and {@code fork} start methods, measured by running {@code python3 -S}.
 *
 * @param version     the CPython version that was measured, e.g. {@code 3.11.7}
 * @param spawnMillis median start with {@code spawn}: a fresh interpreter, as a JVM worker is started here
 * @param forkMillis  median start with {@code fork}: a copy of the parent, which a JVM cannot do safely; NaN
 *                    where the platform has no fork
 */
public record CPythonStart(String version, double spawnMillis, double forkMillis) {

    /** Starts timed per start method, after one untimed start. */
    static final int SAMPLES = 7;
    /** Longest the measurement may take before it is given up. */
    static final long TIMEOUT_SECONDS = 30;

    /* A file, not -c: spawn's child imports the parent's main module to find the target function. */
    private static final String SCRIPT = """
            import multiprocessing as mp, statistics, sys, time
            def answer(conn):
                conn.send(1)
                conn.close()
            def start(ctx):
                r, w = ctx.Pipe(duplex=False)
                t = time.perf_counter()
                p = ctx.Process(target=answer, args=(w,))
                p.start()
                r.recv()
                took = time.perf_counter() - t
                p.join()
                return took
            if __name__ == "__main__":
                print("python", sys.version.split()[0])
                for method in ("spawn", "fork"):
                    if method in mp.get_all_start_methods():
                        ctx = mp.get_context(method)
                        start(ctx)
                        print(method, statistics.median(start(ctx) for _ in range(int(sys.argv[1]))) * 1e3)
            """;

    /** Measures CPython's start here; empty when python3 is absent, fails or is too slow. Takes about a second. */
    public static Optional<CPythonStart> measure() {
        Path script = null;
        try {
            script = Files.createTempFile("gil-lab-start-", ".py");
            Files.writeString(script, SCRIPT);
            return PythonOutput.of(List.of("python3", "-S", script.toString(), Integer.toString(SAMPLES)),
                    TIMEOUT_SECONDS).flatMap(CPythonStart::parse);
        } catch (IOException | RuntimeException absentOrBroken) {
            return Optional.empty();
        } finally {
            if (script != null) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** Reads the script's lines: {@code python 3.11.7}, {@code spawn 71.3}, {@code fork 8.2}. */
    static Optional<CPythonStart> parse(String output) {
        String version = null;
        double spawn = Double.NaN;
        double fork = Double.NaN;
        for (String line : output.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length != 2) {
                continue;
            }
            switch (words[0]) {
                case "python" -> version = words[1];
                case "spawn" -> spawn = Double.parseDouble(words[1]);
                case "fork" -> fork = Double.parseDouble(words[1]);
                default -> { }
            }
        }
        return version == null || !(spawn > 0) ? Optional.empty() : Optional.of(new CPythonStart(version, spawn, fork));
    }

    /** Whether the fork figure exists (not on platforms without fork). */
    public boolean hasFork() {
        return forkMillis > 0;
    }
}
