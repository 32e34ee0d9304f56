package lab.gil.interpreter;

/**
 * A summary of latencies: how many, their sum and maximum, and the median read from a histogram whose buckets are
 * at most 1/16 of their value wide (so the median is within about 3%).
 */
public record LatencyStats(long count, long sumNanos, long maxNanos, long medianNanos) {

    /** No samples. */
    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0);

    /** The mean latency, or 0 without samples. */
    public double meanNanos() {
        return count == 0 ? 0 : (double) sumNanos / count;
    }
}
