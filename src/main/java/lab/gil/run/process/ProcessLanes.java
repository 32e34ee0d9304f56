package lab.gil.run.process;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.WorkerState;
import lab.gil.process.Message;
import lab.gil.process.WorkerProcess;
import lab.gil.run.trace.LaneSource;

/**
 * The lanes of a run on worker processes, one per process slot: state changes arrive in batches from the workers,
 * are moved onto the server's time line, and wait here until the run's observer drains them.
 *
 * <p>Invariant: each slot's queue is appended by the one thread driving that slot and drained by the observer, so
 * changes stay in order per lane.
 */
final class ProcessLanes implements LaneSource {

    private static final WorkerState[] STATES = WorkerState.values();

    /** State changes per slot, oldest first, on the server's time line. */
    private final List<Queue<StateChange>> lanes;
    /** Changes the workers lost before sending them. */
    private final LongAdder dropped = new LongAdder();

    ProcessLanes(int slots) {
        this.lanes = IntStream.range(0, slots).<Queue<StateChange>>mapToObj(i -> new ConcurrentLinkedQueue<>()).toList();
    }

    /** Adds a worker's batch to lane {@code slot}. Call only from the thread driving that slot. */
    void add(int slot, WorkerProcess worker, Message.States batch) {
        Queue<StateChange> lane = lanes.get(slot);
        for (int i = 0; i < batch.states().length; i++) {
            lane.add(new StateChange(slot, STATES[batch.states()[i]], worker.toServerTime(batch.nanoTimes()[i])));
        }
        dropped.add(batch.dropped());
    }

    /** Records that lane {@code slot} entered {@code state} now (waiting for a process to start, or done). */
    void enter(int slot, WorkerState state) {
        lanes.get(slot).add(new StateChange(slot, state, System.nanoTime()));
    }

    @Override
    public int lanes() {
        return lanes.size();
    }

    @Override
    public void drain(Consumer<StateChange> sink) {
        for (Queue<StateChange> lane : lanes) {
            for (StateChange c; (c = lane.poll()) != null; ) {
                sink.accept(c);
            }
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }
}
