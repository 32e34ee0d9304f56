package lab.gil.run.execution;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import lab.gil.run.trace.LaneSource;

/**
 * One execution of a scenario by one kind of worker (threads of the server, worker processes, ...): it runs every
 * task, observed from the calling thread until they have all ended, the run is stopped or its time is up, and says
 * what it measured.
 *
 * <p>Contract, checked for every kind by {@code ExecutionSpecification}: {@link #execute} returns a
 * {@link Measurement} when every task ended, and throws {@link EndedEarly} when a task failed ("A task failed: ..."),
 * {@code stop} became true ("Stopped...") or {@code timeLimit} passed ("Stopped at the time limit of ..."); the
 * observer hears of progress every observe period meanwhile. An execution runs once.
 */
public interface Execution {

    /** How long stopped workers get to notice and end before the execution gives up on them. */
    Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * Runs every task and returns what was measured; throws {@link EndedEarly} when a task failed, the run was
     * stopped ({@code stop} became true) or {@code timeLimit} passed.
     */
    Measurement execute(BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException, EndedEarly;

    /** The workers' state changes, one lane per worker, drained by whoever draws them. */
    LaneSource lanes();

    /**
     * When the execution's clock started, in {@link System#nanoTime()}: the lanes' time zero. Before
     * {@link #execute} has started the clock, when the execution was made.
     */
    long startNanos();

    /**
     * What only this kind of worker has to tell, for the run's summary: how the workers shared a GIL, what the
     * {@code counter} ended at, and (for processes) what the processes cost. Call once {@link #execute} returned.
     */
    ExecutionFigures figures(Measurement measurement);
}
