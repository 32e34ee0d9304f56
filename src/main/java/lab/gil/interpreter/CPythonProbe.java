package lab.gil.interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measures what one iteration of the seed's countdown ({@code while n > 0: n -= 1}) costs in the local CPython, by
 * running {@code python3 -S} on many short countdowns and taking one of the fastest.
 *
 * <p>Why many short samples: other programs only ever slow CPython down, and they do it by taking its core for a
 * time slice (milliseconds) now and then. A countdown of about a millisecond mostly runs between two such
 * interruptions, so the fastest few of a hundred are CPython's own speed even on a busy machine, where the best
 * of three countdowns of 20 ms each (what this probe did before) came out 30% to twice too slow. Samples much
 * shorter than a millisecond come out a few percent faster than a long countdown, which pays for the timer
 * interrupts that a sample between two of them never sees; a millisecond is within 2-3% of a long run here.
 *
 * <p>Never blocks for longer than {@link #TIMEOUT_SECONDS}; answers empty when python3 is absent, fails or is slow.
 */
final class CPythonProbe {

    /** Iterations per sample: about 1.5 ms of CPython here. */
    static final int SAMPLE_ITERATIONS = 100_000;
    /** Samples taken: about 150 ms of CPython on a quiet machine, a few times that on a busy one. */
    static final int SAMPLES = 100;
    /** Which of the sorted samples is taken: the second fastest, so that one odd sample cannot decide. */
    static final int RANK = 1;
    static final long TIMEOUT_SECONDS = 5;

    /** What the probe found: the interpreter's version (such as 3.11.7) and its cost of one countdown iteration. */
    record Measured(String version, double nsPerIteration) {}

    private static final String SCRIPT = """
            import sys, time
            def countdown(n):
                while n > 0:
                    n -= 1
            countdown(%1$d)
            samples = []
            for _ in range(%2$d):
                t = time.perf_counter()
                countdown(%1$d)
                samples.append(time.perf_counter() - t)
            samples.sort()
            print(sys.version.split()[0])
            print(samples[%3$d] / %1$d * 1e9)
            """.formatted(SAMPLE_ITERATIONS, SAMPLES, RANK);

    private CPythonProbe() {
    }

    /** CPython's version and nanoseconds per countdown iteration, or empty when python3 cannot tell us. */
    static Optional<Measured> countdown() {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-S", "-c", SCRIPT).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return Optional.empty();
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            String[] lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                    .split("\\R");
            if (lines.length != 2) {
                return Optional.empty();
            }
            double ns = Double.parseDouble(lines[1]);
            return ns > 0 ? Optional.of(new Measured(lines[0].strip(), ns)) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }
}
