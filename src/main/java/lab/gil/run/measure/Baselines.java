package lab.gil.run.measure;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import lab.gil.program.Step;
import lab.gil.run.execution.Measurement;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.Scenario;

/**
 * The latest one-worker measurement of each piece of work, so that a run on N workers can say how much faster it
 * was, and which work has no meaningful one-worker measurement at all.
 *
 * <p>Policy: a speedup compares two measurements that must be taken under the same conditions, and the speed of a
 * shared or virtual machine drifts (a baseline kept for two minutes once gave a 2-process run 2.12x on 2 cores).
 * So a baseline stands only for {@link #FRESH_FOR}; older, the one-worker run is measured again right before the
 * run. Measuring it before every run would be closest, but it doubles every run's time, and when a class presses
 * Run on the same preset together their runs wait in one queue: with a short reuse the queue pays for one
 * baseline every {@link #FRESH_FOR} at most, not one per student. What drift remains is caught afterwards: a
 * speedup beyond what the cores allow has the one-worker run measured again (see {@link RunMeasurer}).
 */
public final class Baselines {

    /** How long a one-worker measurement stands for the machine as it is now. */
    public static final Duration FRESH_FOR = Duration.ofSeconds(20);

    /** The most distinct scenarios remembered; past it the table starts over, costing a re-measurement. */
    private static final int MAX_ENTRIES = 1_000;

    /** A one-worker measurement: its wall and CPU times, and when it was taken ({@link System#nanoTime()}). */
    record Baseline(long wallNanos, long cpuNanos, long measuredAt) {}

    /** Baselines by {@link Scenario#key()} of the one-worker scenario. */
    private final Map<String, Baseline> byKey = new ConcurrentHashMap<>();

    /** The one-worker measurement of this work, if it was taken recently enough. */
    Optional<Baseline> fresh(Scenario oneWorker) {
        Baseline b = byKey.get(oneWorker.key());
        if (b == null || System.nanoTime() - b.measuredAt() > FRESH_FOR.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(b);
    }

    Baseline record(Scenario oneWorker, Measurement m) {
        if (byKey.size() >= MAX_ENTRIES) {
            byKey.clear();
        }
        Baseline b = new Baseline(m.wallNanos(), m.cpuNanos(), System.nanoTime());
        byKey.put(oneWorker.key(), b);
        return b;
    }

    /**
     * Why this work cannot be measured on one worker, as a {@link RunSummary.Comparison#without()} id, or empty when
     * it can. A {@code crash} kills the one worker, so the baseline would fail before the run it stands for; a
     * producer and its consumers ({@code put}, {@code get}) wait for each other, so on one worker, one task after
     * another, a consumer that comes first waits forever, and any time measured is not the same work. Work that would
     * wait longer than {@link #LONGEST_BASELINE_WAIT} on one worker ({@code too-long}) would outlast a run's time limit.
     */
    public static Optional<String> whyNone(Scenario scenario) {
        boolean crash = false;
        boolean queue = false;
        for (var program : scenario.programs()) {
            for (Step step : program.steps()) {
                crash |= step instanceof Step.Crash;
                queue |= step instanceof Step.Put || step instanceof Step.Get;
            }
        }
        if (crash || queue) {
            return Optional.of(crash ? "crash" : "queue");
        }
        return waitingOnOneWorker(scenario).compareTo(LONGEST_BASELINE_WAIT) > 0 ? Optional.of("too-long")
                : Optional.empty();
    }

    /**
     * The most waiting a one-worker run may do: ten thousand greenlets waiting a second each take about a second,
     * but one greenlet would wait for almost three hours, far beyond any run's time limit.
     */
    static final Duration LONGEST_BASELINE_WAIT = Duration.ofSeconds(30);

    /** How long one worker doing every task of {@code scenario} in turn would spend in {@code io} steps. */
    static Duration waitingOnOneWorker(Scenario scenario) {
        Scenario oneWorker = scenario.withOneWorker();
        Duration total = Duration.ZERO;
        for (int task = 0; task < oneWorker.tasks(); task++) {
            for (Step step : oneWorker.programFor(task).steps()) {
                if (step instanceof Step.Io io) {
                    total = total.plus(io.duration());
                }
            }
        }
        return total;
    }
}
