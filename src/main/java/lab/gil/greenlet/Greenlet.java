package lab.gil.greenlet;

import lab.gil.interpreter.StepRunner;
import lab.gil.interpreter.WorkerState;
import lab.gil.program.TaskProgram;

/**
 * One greenlet: a virtual thread that runs task programs, but only while it holds its {@link Hub}.
 *
 * <p>Every field but {@link #thread} and {@link #index} is read and written only by the holder of the hub (this
 * greenlet while it runs, or the hub's loop while it wakes it), so none needs to be volatile: the hand-over of the
 * hub orders them.
 */
final class Greenlet {

    /** Its number among the hub's greenlets; its lane is {@code index + 1}, lane 0 being the hub's own. */
    final int index;
    /** The virtual thread that carries its stack. */
    final Thread thread;
    private final Hub hub;
    private final StepRunner steps;

    /** What it is doing, as its lane shows it. */
    WorkerState state;
    /** nanoTime it became ready (its wait ended, or an item was put for it), or 0 while it runs or waits. */
    long readyAt;
    /** nanoTime its current {@code io} wait ends: when its answer is due or its timer fires. */
    long dueAt;
    /** nanoTime it last took the hub, for the hub's busy time. */
    long runningSince;
    /** Whether its body has ended. */
    boolean ended;

    Greenlet(int index, Hub hub, StepRunner steps) {
        this.index = index;
        this.hub = hub;
        this.steps = steps;
        this.thread = Thread.ofVirtual().name("greenlet-" + index).unstarted(this::body);
    }

    /** Waits for its first turn, then runs tasks while there are any, as a greenlet of {@code pool.map} would. */
    private void body() {
        hub.awaitTurn(this);
        try {
            for (int task; !hub.cancelled() && (task = hub.takeTask()) >= 0; ) {
                TaskProgram program = hub.programFor(task);
                if (steps.run(program)) {
                    hub.taskDone();
                }
            }
        } catch (Throwable e) {
            hub.fail(e);
        } finally {
            hub.end(this);
        }
    }
}
