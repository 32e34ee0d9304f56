package lab.gil.interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measures what one iteration of the seed's countdown ({@code while n > 0: n -= 1}) costs in the local CPython, by
 * running {@code python3 -S} on many short countdowns and taking one of the fastest (the 5th percentile of a
 * burst, the fastest of a few bursts).
 *
 * <p>Why many short samples: other programs only ever slow CPython down, and they do it by taking its core for a
 * time slice (milliseconds) now and then. A countdown of a few milliseconds mostly runs between two such
 * interruptions, so the fastest few of a hundred are CPython's own speed even on a busy machine, where the best
 * of three countdowns of a million iterations (what this probe did before) came out 1.7 to 10 times too slow
 * while the server started beside it.
 *
 * <p>Why every sample runs a countdown function of its own, compiled afresh: the lessons' Python calls
 * {@code countdown} once per thread, and CPython 3.11 specializes a function's bytecode only after it has been
 * called about eight times. Called once, an iteration costs about 20 ns here; the same function called a hundred
 * times costs about 14.5 ns, and a probe that timed one function over and over calibrated the emulation a third
 * too fast for every lesson (measured: {@code countdown(20_000_000)} called once took 395-440 ms, the emulation
 * 280 ms). A fresh function per sample is what the lessons' single call runs.
 *
 * <p>Never blocks for longer than {@link #TIMEOUT_SECONDS}; answers empty when python3 is absent, fails or is slow.
 */
final class CPythonProbe {

    /**
     * Iterations per sample: about 2 ms of CPython here, long enough that compiling the fresh function and its
     * first steps weigh nothing (at 30,000 iterations a fresh function's samples came out 25% slower).
     */
    static final int SAMPLE_ITERATIONS = 100_000;
    /** Samples per burst: about 0.2 s of CPython on a quiet machine, a few times that on a busy one. */
    static final int SAMPLES = 100;
    /** Which of the sorted samples is taken: the 5th percentile, so that a few odd ones cannot decide. */
    static final int RANK = SAMPLES / 20;
    /**
     * The longest the probe may take: about 0.2 s on a quiet machine, but at a load average of 13 on 2 cores it
     * once took more than 5 s, and then the server fell back to a figure not measured here.
     */
    static final long TIMEOUT_SECONDS = 20;

    /** What the probe found: the interpreter's version (such as 3.11.7) and its cost of one countdown iteration. */
    record Measured(String version, double nsPerIteration) {}

    /**
     * Bursts of samples, half a second apart, of which the fastest counts: the machine under the other programs
     * (a virtual machine's host, too) has slower and faster moments of a second or so, and one burst can fall
     * entirely in a slow one; over five starts one burst alone spread by 13%.
     */
    static final int BURSTS = 3;
    static final double PAUSE_SECONDS = 0.5;

    private static final String SCRIPT = """
            import sys, time
            SOURCE = "def countdown(n):\\n    while n > 0:\\n        n -= 1\\n"
            def fresh_countdown():
                names = {}
                exec(SOURCE, names)
                return names["countdown"]
            bursts = []
            for b in range(%4$d):
                if b:
                    time.sleep(%5$s)
                samples = []
                for _ in range(%2$d):
                    countdown = fresh_countdown()
                    t = time.perf_counter()
                    countdown(%1$d)
                    samples.append(time.perf_counter() - t)
                samples.sort()
                bursts.append(samples[%3$d])
            print(sys.version.split()[0])
            print(min(bursts) / %1$d * 1e9)
            """.formatted(SAMPLE_ITERATIONS, SAMPLES, RANK, BURSTS, PAUSE_SECONDS);

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
