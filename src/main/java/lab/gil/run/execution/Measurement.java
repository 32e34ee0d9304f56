package lab.gil.run.execution;

/**
 * What one execution of a scenario measured: its wall time, the CPU its workers used, the work it did, and what
 * the OS and the process boundary cost it.
 *
 * @param startNanos               when the clock started, in {@link System#nanoTime()}: the wall time runs from here
 * @param bytesCopied              bytes serialized across a process boundary (0 for threads)
 * @param copyNanos                time spent serializing and copying them
 * @param peakMemoryBytesPerWorker each worker process's peak resident memory; empty for threads, which share one
 */
public record Measurement(long startNanos, long wallNanos, long cpuNanos, long cpuIterations, ContextSwitches contextSwitches,
                   long bytesCopied, long copyNanos, java.util.List<Long> peakMemoryBytesPerWorker) {}
