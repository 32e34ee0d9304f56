package lab.gil.interpreter;

/**
 * GIL figures of one worker, or of all workers summed.
 *
 * @param acquisitions   times the worker took the GIL
 * @param forcedSwitches times it dropped the GIL because another thread asked (at a check point)
 * @param dropRequests   times it asked the holder to drop the GIL after waiting a whole switch interval
 * @param waitNanos      total time spent waiting to take the GIL
 * @param ioRetake       latency from the end of an {@code io} step's wait until the GIL was held again
 */
public record GilCounters(long acquisitions, long forcedSwitches, long dropRequests, long waitNanos,
                          LatencyStats ioRetake) {
}
