package lab.gil.interpreter;

import java.util.function.Consumer;

/**
 * A bounded ring of one worker's state changes, written by that worker alone and drained by one observer thread.
 *
 * <p>The writer never blocks: when the observer has not drained the ring in time, new changes are counted as
 * dropped instead of stored. Entries in {@code [read, written)} are complete and visible to the reader, because the
 * writer publishes {@code written} only after filling the entry.
 */
final class StateLog {

    private final int worker;
    private final int mask;
    /** States of the entries; slot i is written by the worker before it publishes {@code written > i}. */
    private final byte[] states;
    /** Instants of the entries; same rule as {@link #states}. */
    private final long[] times;
    /** Entries ever written; written by the worker only, read by the observer. */
    private volatile long written;
    /** Entries ever drained; written by the observer only, read by the worker to see whether the ring is full. */
    private volatile long read;
    /** Changes lost because the ring was full; written by the worker only. */
    private volatile long dropped;

    StateLog(int worker, int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        this.worker = worker;
        this.mask = capacityPowerOfTwo - 1;
        this.states = new byte[capacityPowerOfTwo];
        this.times = new long[capacityPowerOfTwo];
    }

    /** Appends a change. Call only from the owning worker thread. */
    void append(WorkerState state, long nanoTime) {
        long w = written;
        if (w - read > mask) {
            dropped = dropped + 1;
            return;
        }
        int slot = (int) (w & mask);
        states[slot] = (byte) state.ordinal();
        times[slot] = nanoTime;
        written = w + 1;
    }

    /** Hands every stored change to {@code sink}, oldest first. Call from one observer thread at a time. */
    void drainTo(Consumer<StateChange> sink) {
        long w = written;
        long r = read;
        WorkerState[] all = WorkerState.values();
        for (; r < w; r++) {
            int slot = (int) (r & mask);
            sink.accept(new StateChange(worker, all[states[slot]], times[slot]));
        }
        read = r;
    }

    /** Changes lost because the observer did not drain in time. */
    long dropped() {
        return dropped;
    }
}
