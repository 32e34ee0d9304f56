package lab.gil.greenlet;

import java.util.function.Consumer;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.WorkerState;

/**
 * A bounded ring of the state changes of a hub and all its greenlets, written by whoever holds the hub and drained
 * by one observer thread.
 *
 * <p>One ring serves every greenlet because only the holder of the hub writes, and holders hand the hub to each
 * other through a volatile write, so the writers form one sequence, as a single writer would. The writer never
 * blocks: when the observer has not drained in time, new changes are counted as dropped. Entries in
 * {@code [read, written)} are complete, because the writer publishes {@code written} after filling the entry.
 */
final class HubLog {

    private final int mask;
    /** Lanes of the entries; slot i is written before {@code written > i} is published. */
    private final int[] lanes;
    /** States of the entries; same rule. */
    private final byte[] states;
    /** Instants of the entries; same rule. */
    private final long[] times;
    /** Entries ever written; written by the holder of the hub only. */
    private volatile long written;
    /** Entries ever drained; written by the observer only. */
    private volatile long read;
    /** Changes lost because the ring was full; written by the holder of the hub only. */
    private volatile long dropped;

    HubLog(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two: " + capacityPowerOfTwo);
        }
        mask = capacityPowerOfTwo - 1;
        lanes = new int[capacityPowerOfTwo];
        states = new byte[capacityPowerOfTwo];
        times = new long[capacityPowerOfTwo];
    }

    /** Appends a change. Call only while holding the hub. */
    void append(int lane, WorkerState state, long nanoTime) {
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
    void drainTo(Consumer<StateChange> sink) {
        long w = written;
        long r = read;
        WorkerState[] all = WorkerState.values();
        for (; r < w; r++) {
            int slot = (int) (r & mask);
            sink.accept(new StateChange(lanes[slot], all[states[slot]], times[slot]));
        }
        read = r;
    }

    long dropped() {
        return dropped;
    }
}
