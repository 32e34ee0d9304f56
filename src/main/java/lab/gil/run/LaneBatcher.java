package lab.gil.run;

import java.util.ArrayList;
import java.util.List;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.WorkerState;

/**
 * Moves the workers' recorded state changes to the run's event channel in batches, one batch per progress tick,
 * so that the page can draw one lane per worker. The first batch announces the lanes.
 *
 * <p>Only the run's observer thread calls it, so it needs no lock.
 */
final class LaneBatcher {

    /**
     * The most state changes one run streams: about 16 MB of events at most, plenty for any lesson (a 0.1 ms switch
     * interval makes some 20,000 a second). Past it the lanes stop growing and the page says so.
     */
    static final int MAX_CHANGES_PER_RUN = 250_000;

    /** The state names, in the order their ordinals index, as the page's legend lists them. */
    static final List<String> STATES = java.util.Arrays.stream(WorkerState.values()).map(Enum::name).toList();

    private final Run run;
    private final Interpreter interpreter;
    /** nanoTime of the lanes' time zero. */
    private final long origin;
    /** State changes this run may stream in all. */
    private final int maxChanges;
    private boolean announced;
    /** State changes published so far, at most {@link #maxChanges}. */
    private int published;

    LaneBatcher(Run run, Interpreter interpreter, long origin) {
        this(run, interpreter, origin, MAX_CHANGES_PER_RUN);
    }

    LaneBatcher(Run run, Interpreter interpreter, long origin, int maxChanges) {
        this.run = run;
        this.interpreter = interpreter;
        this.origin = origin;
        this.maxChanges = maxChanges;
    }

    /** The {@code lanes} event: how many lanes and the names of the states their segments have. */
    record Lanes(int workers, List<String> states) {}

    /**
     * The {@code workers} event: state changes as {@code [worker, state ordinal, microseconds since time zero]},
     * oldest first per worker, and how many were lost because a worker's buffer filled between two batches.
     */
    record Batch(List<long[]> changes, long droppedSoFar, boolean capped) {}

    void publish() {
        if (!announced) {
            run.events().publish("lanes", new Lanes(interpreter.workers(), STATES));
            announced = true;
        }
        List<long[]> changes = new ArrayList<>();
        interpreter.drainStateChanges(c -> {
            if (published + changes.size() < maxChanges) {
                changes.add(new long[] {c.worker(), c.state().ordinal(), Math.max(0, (c.nanoTime() - origin) / 1_000)});
            }
        });
        if (!changes.isEmpty()) {
            published += changes.size();
            run.events().publish("workers", new Batch(changes, interpreter.counters().droppedStateChanges(),
                    published >= maxChanges));
        }
    }
}
