package lab.gil.machine;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import lab.gil.interpreter.Calibration;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.Observer;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits one kind of worker's kernel to CPython's costs by running that kind's own executions, as runs run them: a
 * thread of the server (its JIT's C2 code, with the profile every run has left), a worker process (C1, fresh, its own
 * loop), a greenlet of a hub. The same rounds cost different times in each: from the packaged jar a worker process
 * counted down 1.4 times faster than a server thread when both used the server's fit.
 *
 * <p>What is timed: the wall time of one worker running {@code native D} and {@code native 2D} (a worker process
 * only: threads and greenlets run the server's own kernel, whose round the server's fit timed), then
 * {@code cpu N} and {@code cpu 2N}, a few times each, interleaved; the fastest of each, and the difference between the
 * long and the short one, so that what an execution costs besides its work (starting a thread, a task message, a
 * hub) falls out. The C call's time fits the cost of a round; then the loop's rounds are scaled by target over
 * measured, twice, since the loop's own overhead does not scale with the rounds. The fastest sample of each length
 * counts: other programs only ever slow a timing down, and at a load of 50 on 2 cores medians of three moved the fit
 * by a factor of three. (CPython's figure is the median of a few long countdowns, {@code CPythonProbe}: the JVM's
 * kernel varies less from run to run than CPython here, so its fastest is near its typical.)
 *
 * <p>Then the fit is checked: timed once more as the fit times it, and when that is more than
 * {@link #TOLERANCE} off CPython's cost, timed again; two checks that agree with each other and not with the target
 * scale the rounds by target over their mean. Fitting worker processes to 36.7 ns once answered rounds that then took
 * 20.4 ns (all seven samples of a fit step had met a slow spell of a noisy host), and the lessons' processes ran 0.55
 * of CPython's time until the server restarted.
 */
final class KindFit {

    private static final Logger log = LoggerFactory.getLogger(KindFit.class);

    /** Wall time of the short sample at the target cost; the long one is twice as long. */
    private static final Duration SAMPLE = Duration.ofMillis(20);
    /** Samples of each length per step; the fastest counts. */
    private static final int SAMPLES = 7;
    /** Steps of the loop's fit; the kernel's cost of a round needs one (it has no overhead to converge past). */
    private static final int LOOP_STEPS = 2;
    /** A fit step's scaling is bounded: a measurement off by more than this is a disturbed one, not the kernel. */
    private static final double MAX_STEP = 3;
    /** A check further off CPython's cost than this is timed again; two checks further apart disagree. */
    static final double TOLERANCE = 0.10;
    /** Timings of a fit's checks, at most (about half a second each). */
    private static final int TIMINGS = 5;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    private static final Observer QUIET = (tasks, iterations, elapsed) -> { };

    private final ExecutionFactory factory;
    private final ExecutorKind kind;
    /**
     * Whether this kind's kernel runs in another JVM (a worker process, C1), so that a round costs it what the
     * server's fit of the bare kernel (the 5th percentile of 100 short timings, robust on a busy machine) does not
     * say; a thread or a greenlet runs the server's own compiled kernel.
     */
    private final boolean ownKernel;

    KindFit(ExecutionFactory factory, ExecutorKind kind) {
        this.factory = factory;
        this.kind = kind;
        this.ownKernel = kind == ExecutorKind.PROCESSES || kind == ExecutorKind.PROCESS_PER_TASK;
    }

    /** A kind's calibration and what one of its iterations took when it was last timed. */
    record Fit(Calibration calibration, double nsPerIteration) {}

    /** {@code start} with this kind's rounds per iteration and cost of a round, checked. */
    Fit fit(Calibration start) throws InterruptedException, EndedEarly {
        return checked(fitted(start));
    }

    /**
     * {@code fitted} timed, and corrected when two timings in a row agree that it is off CPython's cost: one that
     * disagrees with the next met a disturbance, the fit's or its own.
     */
    Fit checked(Calibration fitted) throws InterruptedException, EndedEarly {
        Calibration c = fitted;
        double timed = nsPerIteration(c);
        int timings = 1;
        while (timings < TIMINGS && !within(timed, c.nsPerIteration())) {
            double again = nsPerIteration(c);
            timings++;
            if (within(again, timed) && timings < TIMINGS) {
                double rounds = c.roundsPerIteration() * bounded(c.nsPerIteration() / ((timed + again) / 2));
                c = c.withKernel(Math.max(1, rounds), c.nsPerRound());
                double corrected = nsPerIteration(c);
                timings++;
                log.info("{}' fit timed twice at {} and {} ns an iteration for {}: rounds corrected to {}, then {} ns",
                        kind.id(), fmt(timed), fmt(again), fmt(c.nsPerIteration()), fmt(rounds), fmt(corrected));
                again = corrected;
            }
            timed = again;
        }
        return new Fit(c, timed);
    }

    private Calibration fitted(Calibration start) throws InterruptedException, EndedEarly {
        Calibration c = start;
        if (ownKernel) {
            long sampleMillis = SAMPLE.toMillis();
            double nativeTook = slope("native " + sampleMillis + "ms", "native " + 2 * sampleMillis + "ms", c);
            // A round that takes longer here than the server's fit said: fewer rounds make a C call's time.
            c = c.withKernel(c.roundsPerIteration(), c.nsPerRound() * bounded(nativeTook / SAMPLE.toNanos()));
        }
        long iterations = Math.max(1000, Math.round(SAMPLE.toNanos() / c.nsPerIteration()));
        for (int step = 0; step < LOOP_STEPS; step++) {
            double perIteration = slope("cpu " + iterations, "cpu " + 2 * iterations, c) / iterations;
            double rounds = Math.max(1, c.roundsPerIteration() * bounded(c.nsPerIteration() / perIteration));
            c = c.withKernel(rounds, c.nsPerRound());
        }
        return c;
    }

    /** What one emulated iteration costs in this kind with {@code calibration}, timed as the fit times it. */
    private double nsPerIteration(Calibration calibration) throws InterruptedException, EndedEarly {
        long iterations = Math.max(1000, Math.round(SAMPLE.toNanos() / calibration.nsPerIteration()));
        return slope("cpu " + iterations, "cpu " + 2 * iterations, calibration) / iterations;
    }

    /**
     * The fastest of {@code longer}'s timings less the fastest of {@code shorter}'s, in nanoseconds; at least half
     * the longer one's, since what an execution costs besides its work is less than its shorter sample.
     */
    private double slope(String shorter, String longer, Calibration c) throws InterruptedException, EndedEarly {
        run(shorter, c); // compiled, and a worker leased warm, before anything is timed
        long[] shortTook = new long[SAMPLES];
        long[] longTook = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            shortTook[i] = run(shorter, c).wallNanos();
            longTook[i] = run(longer, c).wallNanos();
        }
        long fastestLong = Arrays.stream(longTook).min().orElseThrow();
        long fastestShort = Arrays.stream(shortTook).min().orElseThrow();
        return Math.max(fastestLong / 2.0, fastestLong - fastestShort);
    }

    private Measurement run(String program, Calibration c) throws InterruptedException, EndedEarly {
        Scenario scenario = scenario(kind, 1, 1, program);
        return factory.create(scenario, c, Duration.ofSeconds(1), false).execute(() -> false, TIME_LIMIT, QUIET);
    }

    /** A scenario of this kind, as a form would post it. */
    static Scenario scenario(ExecutorKind kind, int workers, int tasks, String program) {
        ScenarioParser.Result parsed = ScenarioParser.parse(Map.of("executor", kind.id(), "workers",
                Integer.toString(workers), "tasks", Integer.toString(tasks), "programs", program, "gil", "gil"));
        if (!(parsed instanceof ScenarioParser.Result.Valid valid)) {
            throw new IllegalStateException("a calibration scenario was refused: " + parsed);
        }
        return valid.scenario();
    }

    /** Whether {@code timed} is within {@link #TOLERANCE} of {@code reference}. */
    static boolean within(double timed, double reference) {
        return Math.abs(timed / reference - 1) <= TOLERANCE;
    }

    private static String fmt(double value) {
        return String.format("%.2f", value);
    }

    private static double bounded(double scale) {
        return Math.max(1 / MAX_STEP, Math.min(MAX_STEP, scale));
    }
}
