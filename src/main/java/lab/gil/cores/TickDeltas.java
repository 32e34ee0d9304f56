package lab.gil.cores;

/**
 * Turns consecutive readings of cumulative busy and idle ticks into per-core utilization between the two readings.
 *
 * <p>Invariant: every returned value is in [0, 1], never NaN. A core whose counters did not move (or went backwards,
 * as when a core is taken offline and back) keeps its previous value, 0 before it has one. Not thread-safe: owned by
 * the sampling thread.
 */
final class TickDeltas {

    /** Busy ticks of each core at the previous reading. */
    private final long[] lastBusy;

    /** Idle ticks of each core at the previous reading. */
    private final long[] lastIdle;

    /** Utilization last computed for each core, reused when its counters stand still. */
    private final double[] lastUtilization;

    /** Starts from a baseline reading; the arrays are copied. */
    TickDeltas(long[] busy, long[] idle) {
        if (busy.length != idle.length) {
            throw new IllegalArgumentException("busy and idle readings cover " + busy.length + " and " + idle.length
                    + " cores");
        }
        this.lastBusy = busy.clone();
        this.lastIdle = idle.clone();
        this.lastUtilization = new double[busy.length];
    }

    /** Utilization of each core since the previous reading, which this reading then replaces. */
    double[] advance(long[] busy, long[] idle) {
        double[] utilization = new double[lastBusy.length];
        for (int core = 0; core < utilization.length; core++) {
            long busyDelta = busy[core] - lastBusy[core];
            long idleDelta = idle[core] - lastIdle[core];
            long totalDelta = busyDelta + idleDelta;
            if (busyDelta < 0 || idleDelta < 0 || totalDelta <= 0) {
                utilization[core] = lastUtilization[core];
            } else {
                utilization[core] = (double) busyDelta / totalDelta;
            }
            lastBusy[core] = busy[core];
            lastIdle[core] = idle[core];
            lastUtilization[core] = utilization[core];
        }
        return utilization;
    }
}
