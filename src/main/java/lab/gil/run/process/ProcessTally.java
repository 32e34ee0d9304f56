package lab.gil.run.process;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import lab.gil.process.Message;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.WorkTally;

/**
 * What the worker processes of one run cost, added up as their tasks and lives end: bytes copied and the time
 * copying took, context switches, and each ended process's CPU time, peak memory and own {@code counter}.
 *
 * <p>Every method may be called from any slot's driver thread; the totals are read once the drivers have ended.
 */
final class ProcessTally {

    /** Tasks done, the last one's end, the processes' CPU time and their threads' context switches. */
    private final WorkTally work = new WorkTally();
    private final LongAdder bytesCopied = new LongAdder();
    private final LongAdder copyNanos = new LongAdder();
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
        work.switches(done.voluntarySwitches(), done.involuntarySwitches());
        work.taskEnded(done.finished());
    }

    /** A process is done with this run: what it cost and what its own counter reached. */
    void processMeasured(long cpu, long peakRssBytes, long counter) {
        work.cpu(cpu);
        peaks.add(peakRssBytes);
        counters.add(counter);
    }

    /** Tasks done, the clock and the costs every kind of execution has. */
    WorkTally work() {
        return work;
    }

    /** The run's measurement, from the clock's start to the last task's end. */
    Measurement measurement(long cpuIterations) {
        return work.measurement(cpuIterations, bytesCopied.sum(), copyNanos.sum(), List.copyOf(peaks));
    }

    List<Long> counters() {
        return List.copyOf(counters);
    }
}
