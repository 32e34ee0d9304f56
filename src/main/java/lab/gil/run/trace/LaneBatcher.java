package lab.gil.run.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import lab.gil.interpreter.GilMode;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.EventChannel;

/**
 * Moves the workers' recorded state changes to a run's event channel in batches, one batch per progress tick,
 * so that the page can draw one lane per worker, and keeps them in the run's {@link RunTrace}. The first batch
 * announces the lanes.
 *
 * <p>Only the run's observer thread calls it, so it needs no lock.
 */
public final class LaneBatcher {

    /**
     * The most state changes one run streams, as many as its trace keeps: plenty for any lesson (a 0.1 ms switch
     * interval makes some 20,000 a second). Past it the lanes stop growing and the page says so.
     */
    static final int MAX_CHANGES_PER_RUN = RunTrace.CAPACITY;

    /** What the lanes of greenlets say instead of a GIL mode: their lane 0 is the hub, the others greenlets. */
    public static final String GREENLETS = "greenlets";

    /** The run's live events, where the lanes and their batches go. */
    private final EventChannel events;
    /** Is given the run's trace when the lanes are announced, to keep it after the run. */
    private final Consumer<RunTrace> keepTrace;
    private final LaneSource source;
    /** The GIL mode's id the lanes are drawn under (see {@link #lanesGil}). */
    private final String gil;
    /**
     * nanoTime of the lanes' time zero, read when the lanes are announced (a process run knows it only once its
     * workers are leased).
     */
    private final LongSupplier origin;
    /** State changes this run may stream in all. */
    private final int maxChanges;
    /** Every change published, kept for the run's page, comparisons and exports after the run; made at announce. */
    private RunTrace trace;
    /** The lanes' time zero, fixed when they are announced. */
    private long zero;
    private boolean announced;
    /** State changes published so far, at most {@link #maxChanges}. */
    private int published;

    /**
     * Batches {@code source}'s changes to {@code events}, on a time line that starts at {@code origin} (read at the
     * first batch), and hands the trace they are kept in to {@code keepTrace}.
     */
    public LaneBatcher(EventChannel events, Consumer<RunTrace> keepTrace, LaneSource source, String gil,
                       LongSupplier origin) {
        this(events, keepTrace, source, gil, origin, MAX_CHANGES_PER_RUN);
    }

    LaneBatcher(EventChannel events, Consumer<RunTrace> keepTrace, LaneSource source, String gil, LongSupplier origin,
                int maxChanges) {
        this.events = events;
        this.keepTrace = keepTrace;
        this.source = source;
        this.gil = gil;
        this.origin = origin;
        this.maxChanges = maxChanges;
    }

    /**
     * How the lanes' workers share a GIL: worker processes each have their own, as subinterpreters do, so hand-overs
     * between their lanes mean nothing.
     */
    public static String lanesGil(Scenario scenario) {
        if (scenario.executor() == lab.gil.scenario.ExecutorKind.GREENLETS) {
            return GREENLETS; // one hub, handed over only when a greenlet waits
        }
        return scenario.executor().usesProcesses() ? ScenarioParser.gilId(GilMode.PER_INTERPRETER)
                : ScenarioParser.gilId(scenario.gil());
    }

    /**
     * The {@code lanes} event: how many lanes, the names of the states their segments have, and the wall-clock
     * instant of the lanes' time zero, so that the page can line the lanes up with the per-core chart, and the
     * GIL mode (only under one GIL do hand-overs between workers mean anything).
     */
    public record Lanes(int workers, List<String> states, long startEpochMillis, String gil, int counted) {}

    /**
     * The {@code counts} event, when the lanes draw only some of the workers: samples
     * {@code [microseconds since time zero, workers in state 0, in state 1, ...]}, oldest first.
     */
    public record Counts(List<long[]> samples) {}

    /**
     * The {@code workers} event: state changes as {@code [worker, state ordinal, microseconds since time zero]},
     * oldest first per worker, and how many were lost because a worker's buffer filled between two batches.
     */
    public record Batch(List<long[]> changes, long droppedSoFar, boolean capped) {}

    /** Publishes the changes since the last call, announcing the lanes first if this is the first. */
    public void publish() {
        if (!announced) {
            zero = origin.getAsLong();
            long startEpochMillis = System.currentTimeMillis() - (System.nanoTime() - zero) / 1_000_000;
            trace = new RunTrace(startEpochMillis, source.lanes(), gil);
            keepTrace.accept(trace);
            events.publish("lanes", new Lanes(source.lanes(), RunTrace.STATES, trace.startEpochMillis(), trace.gil(),
                    source.counted()));
            announced = true;
        }
        List<long[]> changes = new ArrayList<>();
        source.drain(c -> {
            long micros = Math.max(0, (c.nanoTime() - zero) / 1_000);
            trace.add(c.worker(), c.state().ordinal(), micros);
            if (published + changes.size() < maxChanges) {
                changes.add(new long[] {c.worker(), c.state().ordinal(), micros});
            }
        });
        if (!changes.isEmpty()) {
            published += changes.size();
            long dropped = source.dropped();
            trace.droppedByWorkers(dropped);
            events.publish("workers", new Batch(changes, dropped, published >= maxChanges));
        }
        List<long[]> samples = new ArrayList<>();
        source.drainStateCounts(sample -> {
            long[] row = new long[sample.counts().length + 1];
            row[0] = Math.max(0, (sample.nanoTime() - zero) / 1_000);
            for (int i = 0; i < sample.counts().length; i++) {
                row[i + 1] = sample.counts()[i];
            }
            samples.add(row);
        });
        if (!samples.isEmpty()) {
            events.publish("counts", new Counts(samples));
        }
    }
}
