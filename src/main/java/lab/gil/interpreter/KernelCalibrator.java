package lab.gil.interpreter;

import java.time.Duration;
import lab.gil.program.TaskProgram;

/**
 * Finds how many kernel rounds make one emulated {@code cpu} iteration cost a target time on this machine: times
 * the bare kernel for the cost of a round, then fits the rounds on the real eval loop, so that the loop's own
 * overhead is counted.
 *
 * <p>Every timing is one of the fastest of many short ones (the 5th percentile): other processes only ever make a timing slower, by taking the core for a time slice now and
 * then, and a timing of under a millisecond mostly runs between two of them. (The fastest of three timings of
 * 10 ms, what this did before, was slowed by the server's own start-up.) Before any timing the eval loop has run its GIL switch path, so the
 * JIT has compiled the code real runs use.
 */
final class KernelCalibrator {

    /** Kernel rounds per timing of the bare kernel: about 0.4 ms. */
    private static final long KERNEL_ROUNDS = 200_000;
    /** Eval-loop time per timing. */
    private static final long LOOP_NANOS = 400_000;
    /** Eval-loop time of the warm-up with GIL switches. */
    private static final long SWITCHING_WARM_UP_NANOS = 20_000_000;
    /** Untimed rounds first, so that the JIT has compiled the loop being timed. */
    private static final int WARM_UPS = 10;
    /** Timings, of which the 5th percentile counts: about 40 ms of the bare kernel and as much per fit step. */
    private static final int TIMINGS = 100;
    /** Which of the sorted timings counts. */
    private static final int RANK = TIMINGS / 20;
    /** Steps of the fit of rounds per iteration to the target. */
    private static final int FIT_STEPS = 6;
    /** The first steps only bring the rounds near the fixed point; the median of the later ones is the fit. */
    private static final int SETTLING_STEPS = 3;

    private KernelCalibrator() {
    }

    static Calibration calibrate(double targetNsPerIteration, Calibration.Source source, String cpythonVersion) {
        double nsPerRound = bareKernelNsPerRound();
        double rounds = Math.max(1, targetNsPerIteration / nsPerRound);
        warmUpSwitching(new Calibration(targetNsPerIteration, rounds, nsPerRound, Calibration.Source.GIVEN));
        // Scale the rounds by target / measured until they settle: the fixed point is (target - overhead) / cost of
        // a round, and one slow timing (another process, a late JIT compilation) is corrected by the next step.
        // The median of the last steps, so that one disturbed timing moves the fit by no more than a step.
        double[] fitted = new double[FIT_STEPS - SETTLING_STEPS];
        for (int step = 0; step < FIT_STEPS; step++) {
            double measured = evalLoopNsPerIteration(rounds, nsPerRound, targetNsPerIteration, step == 0);
            rounds = Math.max(1, rounds * targetNsPerIteration / measured);
            if (step >= SETTLING_STEPS) {
                fitted[step - SETTLING_STEPS] = rounds;
            }
        }
        java.util.Arrays.sort(fitted);
        rounds = fitted[fitted.length / 2];
        return new Calibration(targetNsPerIteration, rounds, nsPerRound, source, cpythonVersion);
    }

    /** What one emulated iteration costs with {@code calibration}, timed as the fit times it: to check a fit. */
    static double emulatedNsPerIteration(Calibration calibration) {
        return evalLoopNsPerIteration(calibration.roundsPerIteration(), calibration.nsPerRound(),
                calibration.nsPerIteration(), true);
    }

    private static double bareKernelNsPerRound() {
        long x = BurnKernel.SEED;
        long[] took = new long[TIMINGS];
        for (int i = 0; i < WARM_UPS + TIMINGS; i++) {
            long start = System.nanoTime();
            x = BurnKernel.burn(x, KERNEL_ROUNDS);
            if (i >= WARM_UPS) {
                took[i - WARM_UPS] = System.nanoTime() - start;
            }
        }
        if (x == 0) {
            throw new AssertionError("xorshift never reaches zero"); // keeps x alive
        }
        return (double) lowQuantile(took) / KERNEL_ROUNDS;
    }

    /**
     * Runs two threads under the GIL with the shortest interval, so that the JIT has seen the eval loop's switch
     * path before any timing or real run: compiled code that never saw it would be thrown away (deoptimised) at a
     * run's first switch and the rest of that loop would run interpreted, many times slower.
     */
    private static void warmUpSwitching(Calibration trial) {
        long iterations = Math.max(1000, Math.round(SWITCHING_WARM_UP_NANOS / trial.nsPerIteration()));
        TaskProgram program = TaskProgram.parse("cpu " + iterations + "; incr-call 1000");
        Interpreter interpreter = new Interpreter(GilMode.GIL, Interpreter.MIN_SWITCH_INTERVAL, 2, trial, false);
        Thread other = Thread.ofPlatform().name("calibration-warm-up").start(() -> runQuietly(interpreter, 1, program));
        runQuietly(interpreter, 0, program);
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void runQuietly(Interpreter interpreter, int worker, TaskProgram program) {
        PyThread thread = interpreter.attach(worker);
        try {
            thread.run(program, () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.detach();
        }
    }

    private static double evalLoopNsPerIteration(double rounds, double nsPerRound, double target, boolean warmUp) {
        Calibration trial = new Calibration(target, rounds, nsPerRound, Calibration.Source.GIVEN);
        long iterations = Math.max(1000, Math.round(LOOP_NANOS / target));
        TaskProgram program = TaskProgram.parse("cpu " + iterations);
        Interpreter interpreter = new Interpreter(GilMode.FREE_THREADED, Duration.ofMillis(5), 1, trial, false);
        PyThread thread = interpreter.attach(0);
        long[] took = new long[TIMINGS];
        int warmUps = warmUp ? WARM_UPS : 0;
        try {
            for (int i = 0; i < warmUps + TIMINGS; i++) {
                long start = System.nanoTime();
                thread.run(program, () -> false);
                if (i >= warmUps) {
                    took[i - warmUps] = System.nanoTime() - start;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return target;
        } finally {
            thread.detach();
        }
        return (double) lowQuantile(took) / iterations;
    }

    /** The timing of rank {@link #RANK} among {@code timings}: one of the fastest, never a lone odd one. */
    private static long lowQuantile(long[] timings) {
        long[] sorted = timings.clone();
        java.util.Arrays.sort(sorted);
        return sorted[RANK];
    }
}
