package lab.gil.interpreter;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * How much Java work stands for CPython work on this machine: kernel rounds per emulated {@code cpu} iteration, so
 * that an iteration costs what one iteration of the seed's countdown costs in CPython, and nanoseconds per kernel
 * round, so that {@code native} and {@code builtin} durations become a fixed amount of work.
 *
 * <p>Invariant: {@code roundsPerIteration >= 1} and {@code nsPerRound > 0}. A calibration is immutable; measure one
 * at start-up with {@link #measure()} (about half a second) and pass it to every {@link Interpreter}.
 *
 * @param nsPerIteration     the CPython cost of one countdown iteration this calibration targets
 * @param roundsPerIteration kernel rounds the eval loop burns per iteration to cost {@code nsPerIteration}
 * @param nsPerRound         the cost of one kernel round on this machine
 * @param source             where {@code nsPerIteration} came from
 */
public record Calibration(double nsPerIteration, long roundsPerIteration, double nsPerRound, Source source) {

    /** Where the CPython cost came from. */
    public enum Source {
        /** Measured by running {@code python3 -S} here. */
        MEASURED_CPYTHON,
        /** python3 was absent or failed: {@link #FALLBACK_NS_PER_ITERATION}. */
        FALLBACK,
        /** Given by the caller (tests, or a figure from configuration). */
        GIVEN
    }

    /** The cost of a countdown iteration to assume without python3: the middle of what CPython 3.11 costs here. */
    public static final double FALLBACK_NS_PER_ITERATION = 50;

    public Calibration {
        if (roundsPerIteration < 1 || !(nsPerRound > 0) || !(nsPerIteration > 0) || source == null) {
            throw new IllegalArgumentException("invalid calibration: " + roundsPerIteration + " rounds, "
                    + nsPerRound + " ns per round, " + nsPerIteration + " ns per iteration");
        }
    }

    /**
     * Measures CPython's countdown here (or falls back to {@link #FALLBACK_NS_PER_ITERATION} when python3 is absent)
     * and calibrates the kernel to it. Takes about 0.7 s here (0.35 s of it python3); run it once at start-up.
     */
    public static Calibration measure() {
        OptionalDouble cpython = CPythonProbe.countdownNsPerIteration();
        return cpython.isPresent()
                ? forTarget(cpython.getAsDouble(), Source.MEASURED_CPYTHON)
                : forTarget(FALLBACK_NS_PER_ITERATION, Source.FALLBACK);
    }

    /** Calibrates the kernel so that one emulated iteration costs {@code nsPerIteration}; about 0.35 s. */
    public static Calibration forTarget(double nsPerIteration, Source source) {
        return KernelCalibrator.calibrate(nsPerIteration, source);
    }

    /** Kernel rounds that burn {@code cpu} of CPU time on this machine (at least one). */
    public long roundsFor(Duration cpu) {
        return roundsFor(cpu.toNanos());
    }

    /** Kernel rounds that burn {@code nanos} of CPU time on this machine (at least one). */
    public long roundsFor(long nanos) {
        return Math.max(1, Math.round(nanos / nsPerRound));
    }

    @Override
    public String toString() {
        return String.format("%.1f ns/iteration (%s) = %d kernel rounds of %.3f ns", nsPerIteration, source,
                roundsPerIteration, nsPerRound);
    }
}
