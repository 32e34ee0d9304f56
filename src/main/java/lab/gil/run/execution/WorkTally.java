package lab.gil.run.execution;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an execution's workers did and what it cost them, added up as it goes: the tasks that ran to their end, when
 * the last task ended, CPU time and context switches. Every kind of execution keeps one and reads its
 * {@link Measurement} from it.
 *
 * <p>Every method may be called from any worker's thread; {@link #measurement} once every worker has ended.
 */
public final class WorkTally {

    /** When the clock started, in nanoTime; until then, when the tally was made. Written by the observing thread. */
    private volatile long startNanos = System.nanoTime();
    /** Tasks that ran to their end. */
    private final AtomicInteger tasksDone = new AtomicInteger();
    /** nanoTime when the last task ended, the end of the wall time; the start until one has. */
    private final AtomicLong lastEnd = new AtomicLong();
    /** CPU time of the workers that have ended or been measured. */
    private final LongAdder cpuNanos = new LongAdder();
    /** Context switches of the workers (or tasks) that have ended. */
    private final LongAdder voluntarySwitches = new LongAdder();
    private final LongAdder involuntarySwitches = new LongAdder();

    /** Starts the clock now, before the first task can end; returns its start, in nanoTime. */
    public long startClock() {
        long now = System.nanoTime();
        startNanos = now;
        lastEnd.set(now);
        return now;
    }

    /** When the clock started; before {@link #startClock()}, when the tally was made. */
    public long startNanos() {
        return startNanos;
    }

    /** A task ended now: run to its end, or cancelled or failed. */
    public void taskEnded(boolean ranToItsEnd) {
        if (ranToItsEnd) {
            tasksDone.incrementAndGet();
        }
        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
    }

    public int tasksDone() {
        return tasksDone.get();
    }

    /** A worker used {@code nanos} of CPU time. */
    public void cpu(long nanos) {
        cpuNanos.add(nanos);
    }

    /** A worker was switched off its core this often, voluntarily or not. */
    public void switches(long voluntary, long involuntary) {
        voluntarySwitches.add(voluntary);
        involuntarySwitches.add(involuntary);
    }

    /** The measurement of an execution that copied nothing across a process boundary. */
    public Measurement measurement(long cpuIterations) {
        return measurement(cpuIterations, 0, 0, List.of());
    }

    /** The measurement, from the clock's start to the last task's end. */
    public Measurement measurement(long cpuIterations, long bytesCopied, long copyNanos,
                                   List<Long> peakMemoryBytesPerWorker) {
        return new Measurement(startNanos, lastEnd.get() - startNanos, cpuNanos.sum(), cpuIterations,
                new ContextSwitches(voluntarySwitches.sum(), involuntarySwitches.sum()), bytesCopied, copyNanos,
                peakMemoryBytesPerWorker);
    }
}
