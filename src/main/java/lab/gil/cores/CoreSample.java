package lab.gil.cores;

import java.util.List;

/**
 * One reading of the machine's per-core CPU utilization, as htop shows it: all the machine's cores, not this JVM's.
 *
 * <p>Invariant: {@code cores} is immutable and holds one value per logical core, each in [0, 1] and never NaN;
 * {@code total} is their mean.
 *
 * @param epochMillis when the sample was taken, in milliseconds since the epoch
 * @param cores utilization of each logical core over the last sampling period, from 0.0 (idle) to 1.0 (busy)
 * @param total mean of {@code cores}: the whole machine's utilization
 */
public record CoreSample(long epochMillis, List<Double> cores, double total) {

    /** Rounding slack allowed between {@code total} and the mean recomputed from {@code cores}. */
    private static final double MEAN_TOLERANCE = 1e-9;

    public CoreSample {
        cores = List.copyOf(cores);
        if (cores.isEmpty()) {
            throw new IllegalArgumentException("a sample needs at least one core");
        }
        cores.forEach(c -> requireFraction(c, "core utilization"));
        requireFraction(total, "total utilization");
        if (Math.abs(total - mean(cores)) > MEAN_TOLERANCE) {
            throw new IllegalArgumentException("total " + total + " is not the mean of the cores " + cores);
        }
    }

    /** A sample whose total is the mean of the given per-core values (the array is copied). */
    public static CoreSample of(long epochMillis, double[] cores) {
        List<Double> values = java.util.Arrays.stream(cores).boxed().toList();
        return new CoreSample(epochMillis, values, mean(values));
    }

    /** Number of logical cores in this sample. */
    public int coreCount() {
        return cores.size();
    }

    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }

    private static void requireFraction(double value, String what) {
        // Written so that NaN fails too: every comparison with NaN is false.
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], was " + value);
        }
    }
}
