package lab.gil.interpreter;

import java.time.Duration;
import java.util.Optional;

/**
 * How much Java work stands for CPython work on this machine: kernel rounds per emulated {@code cpu} iteration, so
 * that an iteration costs what one iteration of the seed's countdown costs in CPython, and nanoseconds per kernel
 * round, so that {@code native} and {@code builtin} durations become a fixed amount of work.
 *
 * <p>Each kind of worker has a calibration of its own, with the same CPython cost and its own rounds: a worker
 * process's JIT (C1) and a greenlet's loop are not a server thread's, and each kind's rounds are fitted on the kind
 * itself. Beside the loop, a calibration says what a kind charges, as CPU work of the same kernel, for what
 * CPython spends elsewhere: pickling through a pipe ({@link Charges#toWorker}, {@link Charges#fromWorker}), and an event loop's work to start
 * a task and to wake it ({@link Charges#greenletStartNanos}, {@link Charges#greenletWakeNanos}).
 *
 * <p>Invariant: {@code roundsPerIteration >= 1} and {@code nsPerRound > 0}. A calibration is immutable; measure one
 * with {@link #measure()} (under a second) once the server has started, and pass it to every {@link Interpreter}.
 *
 * @param nsPerIteration     the CPython cost of one countdown iteration this calibration targets
 * @param roundsPerIteration kernel rounds the eval loop burns per iteration to cost {@code nsPerIteration}; a
 *                           fraction of a round too, since a round is about a tenth of an iteration (the fraction
 *                           is burnt in batches, see {@code StepRunner})
 * @param nsPerRound         the cost of one kernel round on this machine
 * @param source             where {@code nsPerIteration} came from
 * @param cpythonVersion     the version of the CPython measured (such as 3.11.7); null unless measured
 * @param charges            what the kind charges for copying and for an event loop's work, beside the loop
 * @param warmShare          what an iteration of a quickened {@code countdown} costs CPython over a cold one's
 *                           (see {@link CodeWarmth}); 1 when not measured
 */
public record Calibration(double nsPerIteration, double roundsPerIteration, double nsPerRound, Source source,
                          String cpythonVersion, Charges charges, double warmShare) {

    /**
     * What a kind of worker charges, as kernel work, beyond what its own Java code costs, so that it costs what
     * CPython's work costs here: all zero when nothing is charged.
     *
     * @param toWorker           what an object a process receives from the server ({@code send}) costs CPython, by
     *                           its size and the process's heap: the receiver tops its own copy up to it
     * @param fromWorker         the same for an object the server receives from a process ({@code recv})
     * @param greenletStartNanos per greenlet, from its spawning until it first waits
     * @param greenletWakeNanos  per greenlet's wake-up from an {@code io} wait
     */
    public record Charges(PipeCost toWorker, PipeCost fromWorker, long greenletStartNanos, long greenletWakeNanos) {

        /** Nothing charged. */
        public static final Charges NONE = new Charges(PipeCost.NONE, PipeCost.NONE, 0, 0);

        public Charges {
            java.util.Objects.requireNonNull(toWorker);
            java.util.Objects.requireNonNull(fromWorker);
            if (greenletStartNanos < 0 || greenletWakeNanos < 0) {
                throw new IllegalArgumentException("a charge cannot be negative");
            }
        }

        /** Copies charged, and no greenlet's work. */
        public static Charges ofCopies(PipeCost toWorker, PipeCost fromWorker) {
            return new Charges(toWorker, fromWorker, 0, 0);
        }

        /** A greenlet's start and wake-up charged, and no copy. */
        public static Charges ofGreenlets(long startNanos, long wakeNanos) {
            return new Charges(PipeCost.NONE, PipeCost.NONE, startNanos, wakeNanos);
        }
    }

    /** Where the CPython cost came from. */
    public enum Source {
        /** Measured by running {@code python3 -S} here. */
        MEASURED_CPYTHON("cpython"),
        /** python3 was absent or failed: {@link #FALLBACK_NS_PER_ITERATION}. */
        FALLBACK("fallback"),
        /** Given by the caller (tests, or a figure from configuration). */
        GIVEN("given");

        private final String id;

        Source(String id) {
            this.id = id;
        }

        /** The source in the words the page and exports use. */
        public String id() {
            return id;
        }
    }

    /** The cost of a countdown iteration to assume without python3: the middle of what CPython 3.11 costs here. */
    public static final double FALLBACK_NS_PER_ITERATION = 50;

    /** The least share of a cold iteration that a warm one is taken to cost: a lower figure is a disturbed probe. */
    public static final double MIN_WARM_SHARE = 0.5;

    public Calibration {
        if (!(roundsPerIteration >= 1) || !(nsPerRound > 0) || !(nsPerIteration > 0) || source == null
                || charges == null || !(warmShare >= MIN_WARM_SHARE && warmShare <= 1)) {
            throw new IllegalArgumentException("invalid calibration: " + roundsPerIteration + " rounds, "
                    + nsPerRound + " ns per round, " + nsPerIteration + " ns per iteration, warm share " + warmShare);
        }
    }

    /** A calibration with these charges, whose warm {@code countdown} costs what a cold one does. */
    public Calibration(double nsPerIteration, double roundsPerIteration, double nsPerRound, Source source,
                       String cpythonVersion, Charges charges) {
        this(nsPerIteration, roundsPerIteration, nsPerRound, source, cpythonVersion, charges, 1);
    }

    /** A calibration that charges nothing beyond the loop. */
    public Calibration(double nsPerIteration, double roundsPerIteration, double nsPerRound, Source source,
                       String cpythonVersion) {
        this(nsPerIteration, roundsPerIteration, nsPerRound, source, cpythonVersion, Charges.NONE);
    }

    /** A calibration that was not measured against a CPython of this machine, and charges nothing. */
    public Calibration(double nsPerIteration, double roundsPerIteration, double nsPerRound, Source source) {
        this(nsPerIteration, roundsPerIteration, nsPerRound, source, null);
    }

    /** The same CPython cost with another kind's kernel rounds and cost of a round. */
    public Calibration withKernel(double rounds, double roundNanos) {
        return new Calibration(nsPerIteration, rounds, roundNanos, source, cpythonVersion, charges, warmShare);
    }

    /** The same with these charges. */
    public Calibration withCharges(Charges newCharges) {
        return new Calibration(nsPerIteration, roundsPerIteration, nsPerRound, source, cpythonVersion, newCharges,
                warmShare);
    }

    /**
     * The same with a warm {@code countdown}'s iteration costing {@code share} of a cold one's, bounded to
     * [{@link #MIN_WARM_SHARE}, 1].
     */
    public Calibration withWarmShare(double share) {
        return new Calibration(nsPerIteration, roundsPerIteration, nsPerRound, source, cpythonVersion, charges,
                Math.max(MIN_WARM_SHARE, Math.min(1, share)));
    }

    /**
     * Kernel rounds per iteration of a quickened {@code countdown}: the cold rounds scaled by {@link #warmShare} (the
     * eval loop's own work per iteration, well under a nanosecond, is scaled with them).
     */
    public double warmRoundsPerIteration() {
        return Math.max(1, roundsPerIteration * warmShare);
    }

    /** Burns {@code nanos} of this machine's CPU time in kernel rounds, from state {@code x}; returns the new state. */
    public long burn(long x, long nanos) {
        return nanos <= 0 ? x : BurnKernel.burn(x, roundsFor(nanos));
    }

    /**
     * Measures CPython's countdown here (or falls back to {@link #FALLBACK_NS_PER_ITERATION} when python3 is absent)
     * and calibrates the kernel to it. Takes under a second on a quiet machine; run it once, when the server's own
     * start-up no longer keeps the cores busy.
     */
    public static Calibration measure() {
        Optional<CPythonProbe.Measured> cpython = CPythonProbe.countdown();
        return cpython.isPresent()
                ? KernelCalibrator.calibrate(cpython.get().nsPerIteration(), Source.MEASURED_CPYTHON,
                        cpython.get().version()).withWarmShare(cpython.get().warmShare())
                : forTarget(FALLBACK_NS_PER_ITERATION, Source.FALLBACK);
    }

    /** Calibrates the kernel so that one emulated iteration costs {@code nsPerIteration}; about 0.3 s. */
    public static Calibration forTarget(double nsPerIteration, Source source) {
        return KernelCalibrator.calibrate(nsPerIteration, source, null);
    }

    /**
     * Times what one emulated iteration costs now, as the calibration timed it (the fastest of many short timings
     * of the eval loop): close to {@link #nsPerIteration()} when the fit holds. About 50 ms.
     */
    public double timeEmulatedIteration() {
        return KernelCalibrator.emulatedNsPerIteration(this);
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
        return String.format("%.1f ns/iteration (%s%s) = %.2f kernel rounds of %.3f ns%s%s", nsPerIteration, source,
                cpythonVersion == null ? "" : ", CPython " + cpythonVersion, roundsPerIteration, nsPerRound,
                warmShare == 1 ? "" : String.format(", %.2f of it once countdown is warm", warmShare),
                charges.equals(Charges.NONE) ? "" : "; charges " + charges);
    }
}
