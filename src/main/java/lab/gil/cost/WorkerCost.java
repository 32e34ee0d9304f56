package lab.gil.cost;

import java.time.Duration;
import java.util.List;

/**
 * What one worker of a run costs, measured on this server: the memory it holds and the time it takes to start,
 * one figure of each for every kind of worker, so that a page can put threads, processes and greenlets side by side.
 * Every execution fills it for its own kind of worker; how each kind is measured differs (the page says how), what
 * the figures mean does not.
 *
 * @param kind                   {@link #THREAD}, {@link #PROCESS} or {@link #GREENLET}: which way it was measured
 * @param bytesPerWorker         memory one worker holds: resident memory it added (a thread, a greenlet) or its
 *                               own resident memory (a process)
 * @param reservedBytesPerWorker address space one worker reserves without using it yet (a thread's stack); 0 when
 *                               the kind has none to speak of or it was not measured
 * @param startNanosPerWorker    time from asking for one worker until it runs its first instruction
 * @param sampled                how many workers the figures were measured on
 */
public record WorkerCost(String kind, long bytesPerWorker, long reservedBytesPerWorker, long startNanosPerWorker,
                         int sampled) {

    /** A platform thread of the server, measured by {@link ThreadCostProbe}. */
    public static final String THREAD = "thread";
    /** A worker process: its peak resident memory in the run, and the pool's time from start to "ready". */
    public static final String PROCESS = "process";
    /** A greenlet, measured by the greenlet executor. */
    public static final String GREENLET = "greenlet";

    public WorkerCost {
        // Any kind of worker may say what one of its workers costs: the kinds are open, named by their own packages.
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("a worker cost names its kind of worker");
        }
        if (bytesPerWorker < 0 || reservedBytesPerWorker < 0 || startNanosPerWorker < 0 || sampled < 1) {
            throw new IllegalArgumentException("a worker cost is never negative and is measured on at least one "
                    + "worker: " + bytesPerWorker + " B, " + reservedBytesPerWorker + " B reserved, "
                    + startNanosPerWorker + " ns, " + sampled + " sampled");
        }
    }

    /**
     * The cost of a run's worker processes: the median of their peak resident memories in the run, and the median
     * time the pool's workers took from start to "ready".
     *
     * @param peakRssBytes each process's peak resident memory in the run; at least one
     * @param readyTime    median start-up of a worker process on this server
     * @param starts       how many starts that median was taken from
     */
    public static WorkerCost ofProcesses(List<Long> peakRssBytes, Duration readyTime, int starts) {
        if (peakRssBytes.isEmpty()) {
            throw new IllegalArgumentException("no process reported its memory");
        }
        return new WorkerCost(PROCESS, median(peakRssBytes), 0, readyTime.toNanos(), Math.max(1, starts));
    }

    /** Memory for {@code workers} such workers, as a page multiplies it out ("10,000 of them would hold ..."). */
    public long bytesFor(int workers) {
        return bytesPerWorker * workers;
    }

    public double kibPerWorker() {
        return bytesPerWorker / 1024.0;
    }

    public double reservedKibPerWorker() {
        return reservedBytesPerWorker / 1024.0;
    }

    public double startMillisPerWorker() {
        return startNanosPerWorker / 1e6;
    }

    public double startMicrosPerWorker() {
        return startNanosPerWorker / 1e3;
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
