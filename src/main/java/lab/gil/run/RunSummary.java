package lab.gil.run;

/**
 * What a finished run measured.
 *
 * @param wallMillis          time from the first task's start to the last task's end
 * @param cpuMillis           CPU time the worker threads used, summed over threads
 * @param baselineWallMillis  wall time of the same work on one worker, measured on this server
 * @param speedup             baseline wall time over this run's wall time
 * @param cpuIterations       Python loop iterations executed
 */
public record RunSummary(int workers, int tasks, double wallMillis, double cpuMillis, double baselineWallMillis,
                         double speedup, long cpuIterations) {

    /** CPU time over wall time: how many cores' worth of work the run kept busy on average. */
    public double coresBusy() {
        return wallMillis <= 0 ? 0 : cpuMillis / wallMillis;
    }
}
