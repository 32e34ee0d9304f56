/**
 * What one worker costs, for every kind of worker side by side: the memory it holds and the time it takes to
 * start, measured on this server ({@link lab.gil.cost.WorkerCost}). Threads are measured by a probe that starts
 * real platform threads in this JVM ({@link lab.gil.cost.ThreadCostProbe}); processes by their own resident memory
 * and start-up, read by the worker pool; greenlets by their executor.
 */
package lab.gil.cost;
