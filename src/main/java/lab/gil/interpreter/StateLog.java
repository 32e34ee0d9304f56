package lab.gil.interpreter;

import java.util.function.Consumer;

/**
 * A bounded ring of state changes, written by one writer at a time and drained by one observer thread: one
 * worker thread's own changes, or those of a greenlet hub and all its greenlets (only the holder of the hub writes,
 * and holders hand the hub over through a volatile write, so their writes form one sequence, as one writer's do).
 *
 * <p>The writer never blocks: when the observer has not drained the ring in time, new changes are counted as
 * dropped instead of stored. Entries in {@code [read, written)} are complete and visible to the reader, because the
 * writer publishes {@code written} only after filling the entry.
 */
public final class StateLog {

    /** The lane of changes appended without one: the worker this log belongs to. */
    private final int worker;
    private final int mask;
    /** Lanes of the entries; slot i is written by the writer before it publishes {@code written > i}. */
    private final int[] lanes;
    /** States of the entries; same rule as {@link #lanes}. */
    private final byte[] states;
    /** Instants of the entries; same rule as {@link #states}. */
    private final long[] times;
    /** Entries ever written; written by the worker only, read by the observer. */
    private volatile long written;
    /** Entries ever drained; written by the observer only, read by the worker to see whether the ring is full. */
    private volatile long read;
    /** Changes lost because the ring was full; written by the worker only. */
    private volatile long dropped;

    public StateLog(int worker, int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        this.worker = worker;
        this.mask = capacityPowerOfTwo - 1;
        this.lanes = new int[capacityPowerOfTwo];
        this.states = new byte[capacityPowerOfTwo];
        this.times = new long[capacityPowerOfTwo];
    }

    /** Appends a change of this log's worker. Call only from the writer. */
    void append(WorkerState state, long nanoTime) {
        append(worker, state, nanoTime);
    }

    /** Appends a change of {@code lane}. Call only from the writer. */
    public void append(int lane, WorkerState state, long nanoTime) {
        long w = written;
        if (w - read > mask) {
            dropped = dropped + 1;
            return;
        }
        int slot = (int) (w & mask);
        lanes[slot] = lane;
        states[slot] = (byte) state.ordinal();
        times[slot] = nanoTime;
        written = w + 1;
    }

    /** Hands every stored change to {@code sink}, oldest first. Call from one observer thread at a time. */
    public void drainTo(Consumer<StateChange> sink) {
        long w = written;
        long r = read;
        WorkerState[] all = WorkerState.values();
        for (; r < w; r++) {
            int slot = (int) (r & mask);
            sink.accept(new StateChange(lanes[slot], all[states[slot]], times[slot]));
        }
        read = r;
    }

    /** Changes lost because the observer did not drain in time. */
    public long dropped() {
        return dropped;
    }
}
