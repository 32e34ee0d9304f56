package lab.gil.run;

import java.util.ArrayList;
import java.util.List;
import lab.gil.interpreter.WorkerState;

/**
 * Moves the workers' recorded state changes to the run's event channel in batches, one batch per progress tick,
 * so that the page can draw one lane per worker. The first batch announces the lanes.
 *
 * <p>Only the run's observer thread calls it, so it needs no lock.
 */
final class LaneBatcher {

    /** The state names, in the order their ordinals index, as the page's legend lists them. */
    static final List<String> STATES = java.util.Arrays.stream(WorkerState.values()).map(Enum::name).toList();

    private final Run run;
    private final LaneSource source;
    /** nanoTime of the lanes' time zero, read at each publish (a process run knows it only once its workers are leased). */
    private final java.util.function.LongSupplier origin;
    private boolean announced;

    LaneBatcher(Run run, LaneSource source, long origin) {
        this(run, source, () -> origin);
    }

    LaneBatcher(Run run, LaneSource source, java.util.function.LongSupplier origin) {
        this.run = run;
        this.source = source;
        this.origin = origin;
    }

    /** The {@code lanes} event: how many lanes and the names of the states their segments have. */
    record Lanes(int workers, List<String> states) {}

    /**
     * The {@code workers} event: state changes as {@code [worker, state ordinal, microseconds since time zero]},
     * oldest first per worker, and how many were lost because a worker's buffer filled between two batches.
     */
    record Batch(List<long[]> changes, long droppedSoFar) {}

    void publish() {
        if (!announced) {
            run.events().publish("lanes", new Lanes(source.lanes(), STATES));
            announced = true;
        }
        List<long[]> changes = new ArrayList<>();
        long zero = origin.getAsLong();
        source.drain(c -> changes.add(
                new long[] {c.worker(), c.state().ordinal(), Math.max(0, (c.nanoTime() - zero) / 1_000)}));
        if (!changes.isEmpty()) {
            run.events().publish("workers", new Batch(changes, source.dropped()));
        }
    }
}
