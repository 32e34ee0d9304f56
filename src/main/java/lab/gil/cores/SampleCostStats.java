package lab.gil.cores;

/**
 * Running statistics of what taking one sample costs: how many, the mean of the most recent ones, the worst ever.
 *
 * <p>Invariant: the recent mean covers the last {@link #WINDOW} samples (fewer at start). Thread-safe: the sampling
 * thread records, metric scrapes and viewers read.
 */
final class SampleCostStats {

    /** Number of recent samples the mean covers: 10 s at the default 10 Hz. */
    static final int WINDOW = 100;

    /** Cost of the last {@link #WINDOW} samples in nanoseconds, a ring; guarded by {@code this}. */
    private final long[] recentNanos = new long[WINDOW];

    /** Samples recorded since start; {@code count % WINDOW} is the next ring slot. Guarded by {@code this}. */
    private long count;

    /** Sum of the values now in the ring. Guarded by {@code this}. */
    private long recentSumNanos;

    /** Highest cost ever recorded. Guarded by {@code this}. */
    private long maxNanos;

    synchronized void record(long nanos) {
        int slot = (int) (count % WINDOW);
        recentSumNanos += nanos - recentNanos[slot];
        recentNanos[slot] = nanos;
        count++;
        maxNanos = Math.max(maxNanos, nanos);
    }

    synchronized long count() {
        return count;
    }

    /** Mean cost of the recent samples in nanoseconds, 0 before the first. */
    synchronized double recentMeanNanos() {
        long inWindow = Math.min(count, WINDOW);
        return inWindow == 0 ? 0.0 : (double) recentSumNanos / inWindow;
    }

    synchronized long maxNanos() {
        return maxNanos;
    }
}
