package lab.gil.interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * Measures what one iteration of the seed's countdown ({@code while n > 0: n -= 1}) costs in the local CPython, by
 * running {@code python3 -S} with a short countdown and taking the best of a few repetitions.
 *
 * <p>Never blocks for longer than {@link #TIMEOUT_SECONDS}; answers empty when python3 is absent, fails or is slow.
 */
final class CPythonProbe {

    /** Iterations per repetition: about 60 ms of CPython here, long enough to dwarf timer noise. */
    static final int ITERATIONS = 1_000_000;
    static final int REPETITIONS = 3;
    static final long TIMEOUT_SECONDS = 5;

    private static final String SCRIPT = """
            import time
            def countdown(n):
                while n > 0:
                    n -= 1
            best = 1e9
            for _ in range(%d):
                t = time.perf_counter()
                countdown(%d)
                best = min(best, time.perf_counter() - t)
            print(best / %d * 1e9)
            """.formatted(REPETITIONS, ITERATIONS, ITERATIONS);

    private CPythonProbe() {
    }

    /** CPython's nanoseconds per countdown iteration, or empty when python3 cannot tell us. */
    static OptionalDouble countdownNsPerIteration() {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-S", "-c", SCRIPT).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return OptionalDouble.empty();
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return OptionalDouble.empty();
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            double ns = Double.parseDouble(out);
            return ns > 0 ? OptionalDouble.of(ns) : OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalDouble.empty();
        } finally {
            process.destroyForcibly();
        }
    }
}
