package lab.gil.interpreter;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of latencies in nanoseconds, written by one thread and read by any.
 *
 * <p>Each power of two is split into {@value #SUB_BUCKETS} buckets, so a bucket's width is at most 1/16 of its
 * values. The single writer updates with lazy sets (no read-modify-write atomics); a concurrent reader may see a
 * sample in {@code count} but not yet in its bucket, which only blurs a snapshot taken mid-run. Writers that hand
 * the histogram to each other with a happens-before edge (greenlets passing their hub along) count as one writer.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    static final int SUB_BUCKETS = 1 << SUB_BITS;
    /** Latencies at or above 2^40 ns (18 minutes) share the last bucket; it keeps a worker's histogram at 5 KB. */
    private static final int TOP_EXPONENT = 40;
    private static final long LARGEST = (1L << TOP_EXPONENT) - 1;
    private static final int BUCKETS = bucketOf(LARGEST) + 1;

    /** Samples per bucket; written by the owning worker only. */
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS);
    /** Written by the owning worker only. */
    private volatile long count;
    /** Written by the owning worker only. */
    private volatile long sum;
    /** Written by the owning worker only. */
    private volatile long max;

    /** Adds one sample. Call only from the owning thread. */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        int b = bucketOf(v);
        buckets.lazySet(b, buckets.get(b) + 1);
        sum = sum + v;
        if (v > max) {
            max = v;
        }
        count = count + 1;
    }

    static int bucketOf(long nanos) {
        long v = Math.min(nanos, LARGEST);
        if (v < SUB_BUCKETS) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int sub = (int) (v >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
        return (exponent - SUB_BITS + 1) * SUB_BUCKETS + sub;
    }

    /** The middle value of a bucket, the estimate for every sample in it. */
    static long midpointOf(int bucket) {
        if (bucket < SUB_BUCKETS) {
            return bucket;
        }
        int exponent = bucket / SUB_BUCKETS + SUB_BITS - 1;
        long sub = bucket % SUB_BUCKETS;
        long low = (1L << exponent) + (sub << (exponent - SUB_BITS));
        long width = 1L << (exponent - SUB_BITS);
        return low + width / 2;
    }

    /** Adds this histogram's buckets into {@code into}, for merging workers. */
    void addTo(long[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] += buckets.get(i);
        }
    }

    public LatencyStats stats() {
        long[] b = new long[buckets.length()];
        addTo(b);
        return stats(b, count, sum, max);
    }

    static long[] emptyBuckets() {
        return new long[BUCKETS];
    }

    static LatencyStats stats(long[] buckets, long count, long sum, long max) {
        long total = 0;
        for (long n : buckets) {
            total += n;
        }
        if (total == 0) {
            return new LatencyStats(count, sum, max, 0);
        }
        long half = (total + 1) / 2;
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= half) {
                return new LatencyStats(count, sum, max, Math.min(max, midpointOf(i)));
            }
        }
        return new LatencyStats(count, sum, max, max);
    }

    long count() {
        return count;
    }

    long sum() {
        return sum;
    }

    long max() {
        return max;
    }
}
