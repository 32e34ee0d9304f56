package lab.gil.run.process;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import lab.gil.process.Message;
import lab.gil.run.execution.ContextSwitches;
import lab.gil.run.execution.Measurement;

/**
 * What the worker processes of one run cost, added up as their tasks and lives end: bytes copied and the time
 * copying took, context switches, and each ended process's CPU time, peak memory and own {@code counter}.
 *
 * <p>Every method may be called from any slot's driver thread; the totals are read once the drivers have ended.
 */
final class ProcessTally {

    private final LongAdder bytesCopied = new LongAdder();
    private final LongAdder copyNanos = new LongAdder();
    private final LongAdder voluntarySwitches = new LongAdder();
    private final LongAdder involuntarySwitches = new LongAdder();
    /** CPU time of processes that have ended or been measured at the run's end. */
    private final LongAdder cpuNanos = new LongAdder();
    /** Peak resident memory of each process, in the order they were measured. */
    private final ConcurrentLinkedQueue<Long> peaks = new ConcurrentLinkedQueue<>();
    /** The {@code counter} of each process, in the order they were measured: each lives in its own process. */
    private final ConcurrentLinkedQueue<Long> counters = new ConcurrentLinkedQueue<>();

    /** Data crossed the process boundary: {@code bytes} in {@code nanos} of serializing, moving or mapping. */
    void copied(long bytes, long nanos) {
        bytesCopied.add(bytes);
        copyNanos.add(nanos);
    }

    /** A task ended in a worker, which reports how long receiving its arguments took, and its thread's switches. */
    void taskEnded(Message.TaskDone done) {
        copyNanos.add(done.receiveNanos());
        voluntarySwitches.add(done.voluntarySwitches());
        involuntarySwitches.add(done.involuntarySwitches());
    }

    /** A process is done with this run: what it cost and what its own counter reached. */
    void processMeasured(long cpu, long peakRssBytes, long counter) {
        cpuNanos.add(cpu);
        peaks.add(peakRssBytes);
        counters.add(counter);
    }

    /** The run's measurement, from {@code startNanos} to {@code lastEnd}. */
    Measurement measurement(long startNanos, long wallNanos, long cpuIterations) {
        return new Measurement(startNanos, wallNanos, cpuNanos.sum(), cpuIterations,
                new ContextSwitches(voluntarySwitches.sum(), involuntarySwitches.sum()), bytesCopied.sum(),
                copyNanos.sum(), List.copyOf(peaks));
    }

    List<Long> counters() {
        return List.copyOf(counters);
    }
}
