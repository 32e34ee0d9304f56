package lab.gil.run.trace;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import lab.gil.interpreter.WorkerState;

/**
 * The workers' state changes of one run, kept after the run so that its lanes can be drawn again, compared and
 * exported: a bounded, append-only list of {@code [worker, state ordinal, microseconds since the run's start]}.
 *
 * <p>Invariant: at most {@link #CAPACITY} changes are kept; the ones after that are counted, not kept, and the
 * trace says it was capped. Appended by the run's observer thread, read by web requests, so every access holds
 * the object's monitor.
 */
public final class RunTrace {

    /**
     * The most state changes one run keeps, 8 bytes each (2 MB at most; the array grows as the run does): as many
     * as a 0.1 ms switch interval makes in about ten seconds, and far more than any lesson's preset.
     */
    public static final int CAPACITY = 250_000;

    /** The state names, in the order their ordinals index, as the page's legend lists them. */
    public static final List<String> STATES = Arrays.stream(WorkerState.values()).map(Enum::name).toList();

    /** Epoch milliseconds of the lanes' time zero, to line them up with the per-core samples. */
    private final long startEpochMillis;
    private final int workers;
    /** How its kind of worker's lanes are told in words. */
    private final LaneStyle style;
    /** Packed changes: worker in bits 48-63, state in bits 40-47, micros in bits 0-39. Guarded by this. */
    private long[] packed = new long[256];
    /** Changes kept. Guarded by this. */
    private int size;
    /** Changes not kept because the trace was full. Guarded by this. */
    private long overCapacity;
    /** Changes the workers' own buffers lost before the observer drained them. Guarded by this. */
    private long droppedByWorkers;
    /** The latest instant the trace covers, in micros. Guarded by this. */
    private long endMicros;

    RunTrace(long startEpochMillis, int workers, LaneStyle style) {
        this.startEpochMillis = startEpochMillis;
        this.workers = workers;
        this.style = style;
    }

    /**
     * The trace a snapshot was taken of, read back (from where finished runs are kept). The snapshot names its
     * states, so a trace kept by a server whose states were numbered otherwise reads back right; a state this
     * server does not know becomes {@code IDLE}.
     */
    public static RunTrace of(Snapshot snapshot) {
        RunTrace trace = new RunTrace(snapshot.startEpochMillis(), snapshot.workers(), snapshot.style());
        int[] ordinals = snapshot.states().stream()
                .mapToInt(name -> STATES.contains(name) ? STATES.indexOf(name) : WorkerState.IDLE.ordinal()).toArray();
        synchronized (trace) {
            for (long[] change : snapshot.changes()) {
                int state = (int) change[1];
                trace.add((int) change[0], state < ordinals.length ? ordinals[state] : WorkerState.IDLE.ordinal(),
                        change[2]);
            }
            trace.endMicros = Math.max(trace.endMicros, snapshot.endMicros());
            trace.overCapacity = snapshot.overCapacity();
            trace.droppedByWorkers = snapshot.droppedByWorkers();
        }
        return trace;
    }

    synchronized void add(int worker, int state, long micros) {
        endMicros = Math.max(endMicros, micros);
        if (size == CAPACITY) {
            overCapacity++;
            return;
        }
        if (size == packed.length) {
            packed = Arrays.copyOf(packed, Math.min(CAPACITY, packed.length * 2));
        }
        packed[size++] = ((long) worker << 48) | ((long) (state & 0xff) << 40) | (micros & 0xff_ffff_ffffL);
    }

    synchronized void droppedByWorkers(long dropped) {
        droppedByWorkers = dropped;
    }

    /** Calls {@code visit} with each kept change as {@code [worker, state ordinal, micros]}, oldest first. */
    public void forEach(Consumer<long[]> visit) {
        long[] copy;
        int n;
        synchronized (this) {
            copy = packed;
            n = size;
        }
        // Kept entries are never rewritten, so the array read outside the lock is safe up to n.
        for (int i = 0; i < n; i++) {
            long p = copy[i];
            visit.accept(new long[] {p >>> 48, (p >>> 40) & 0xff, p & 0xff_ffff_ffffL});
        }
    }

    /** A consistent copy for JSON: the lanes, the changes, and whether any were left out. */
    public synchronized Snapshot snapshot() {
        long[][] changes = new long[size][];
        for (int i = 0; i < size; i++) {
            long p = packed[i];
            changes[i] = new long[] {p >>> 48, (p >>> 40) & 0xff, p & 0xff_ffff_ffffL};
        }
        return new Snapshot(startEpochMillis, workers, style, STATES, endMicros, List.of(changes),
                overCapacity > 0, overCapacity, droppedByWorkers, CAPACITY);
    }

    public long startEpochMillis() {
        return startEpochMillis;
    }

    public int workers() {
        return workers;
    }

    public LaneStyle style() {
        return style;
    }

    /**
     * A trace as the charts and the export read it.
     *
     * @param changes          {@code [worker, state ordinal, micros since the start]}, oldest first per worker
     * @param capped           whether changes were left out because the trace was full
     * @param overCapacity     how many were left out for that reason
     * @param droppedByWorkers how many the workers' buffers lost between two batches
     */
    public record Snapshot(long startEpochMillis, int workers, LaneStyle style, List<String> states, long endMicros,
                           List<long[]> changes, boolean capped, long overCapacity, long droppedByWorkers,
                           int capacity) {}
}
