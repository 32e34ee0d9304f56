package lab.gil.run.summary;

/**
 * What a finished run measured.
 *
 * @param wallMillis          time from the first task's start to the last task's end
 * @param cpuMillis           CPU time the worker threads used, summed over threads
 * @param baselineWallMillis  wall time of the same work on one worker, measured on this server
 * @param speedup             baseline wall time over this run's wall time
 * @param cpuIterations       Python loop iterations executed
 * @param gil                 how the workers shared the GIL
 * @param counter             the shared counter, when the programs increment it; null otherwise
 * @param system              what the OS and process boundaries cost the run
 * @param processes           what only a run on worker processes has; null for threads
 * @param comparison          what the speedup was measured against, or why it has none
 * @param calibration         what one emulated loop iteration costs, and which CPython that was measured on
 * @param otherWork           how much of the machine other work took while the run's clock ran; null when unknown
 * @param greenlets           what only a run on greenlets has; null for other kinds
 * @param workerCost          what one of its workers costs (memory and start), measured on this server for its kind
 *                            of worker; null when not measured
 */
public record RunSummary(int workers, int tasks, double wallMillis, double cpuMillis, double baselineWallMillis,
                         double speedup, long cpuIterations, GilFigures gil, CounterFigures counter,
                         SystemFigures system, ProcessFigures processes, Comparison comparison,
                         CalibrationFigures calibration, OtherWork otherWork, GreenletFigures greenlets,
                         lab.gil.cost.WorkerCost workerCost) {

    /**
     * Whether the run has a speedup to show: a one-worker run is its own baseline (1x); a run on several workers
     * has one unless its work could not be measured on one worker ({@link Comparison#without()}).
     */
    public boolean hasSpeedup() {
        return comparison.without() == null;
    }

    /**
     * Whether the speedup is more than the workers and cores allow this work: then the machine's speed changed
     * between the one-worker measurement and this run, and the page must say so rather than show it as a result.
     */
    public boolean speedupBeyondLimit() {
        return hasSpeedup() && workers > 1 && speedup > comparison.speedupLimit();
    }

    /** Speedup over the number of workers: 1 when every added worker paid off fully. */
    public double parallelEfficiency() {
        return workers <= 0 ? 0 : speedup / workers;
    }

    /** Whether the run crossed a process boundary: then bytes copied and memory per worker mean something. */
    public boolean hasProcessFigures() {
        return system.bytesCopied() > 0 || !system.peakMemoryBytesPerWorker().isEmpty();
    }

    /** CPU time over wall time: how many cores' worth of work the run kept busy on average. */
    public double coresBusy() {
        return wallMillis <= 0 ? 0 : cpuMillis / wallMillis;
    }

    /**
     * The GIL's side of a run.
     *
     * @param waitShare            share of the workers' time spent waiting to take the GIL (0 to 1)
     * @param switches             times the GIL passed from one thread to another
     * @param forcedSwitches       times a running thread was made to drop the GIL at a check point
     * @param dropRequests         times a waiting thread asked the holder to drop it, after a whole switch interval
     * @param ioRetakes            times a thread came back from I/O and had to take the GIL again
     * @param ioRetakeMedianMillis median time from the end of an I/O wait until the thread held the GIL again
     * @param ioRetakeMaxMillis    the longest such time
     */
    public record GilFigures(String mode, double waitShare, long switches, long forcedSwitches, long dropRequests,
                             long ioRetakes, double ioRetakeMedianMillis, double ioRetakeMaxMillis) {

        /**
         * The share of the workers' time spent waiting: {@code waitNanos} summed over the workers, over each worker
         * being there for the whole wall time; 0 without time, at most 1.
         */
        public static double waitShare(double waitNanos, long wallNanos, int workers) {
            double workerNanos = (double) wallNanos * workers;
            return workerNanos <= 0 ? 0 : Math.min(1, waitNanos / workerNanos);
        }

        /** GIL switches per second of wall time. */
        public double switchesPerSecond(double wallMillis) {
            return wallMillis <= 0 ? 0 : switches / (wallMillis / 1000);
        }
    }

    /**
     * The OS's side of a run.
     *
     * @param voluntaryContextSwitches   times a worker left its core because it blocked (waiting for I/O, the GIL, a lock)
     * @param involuntaryContextSwitches times the OS took a core away from a worker that still wanted it
     * @param bytesCopied                bytes serialized across a process boundary, as pickling does (0 for threads)
     * @param copyMillis                 time spent serializing and copying them
     * @param peakMemoryBytesPerWorker   each worker process's peak resident memory; empty for threads, which share one
     */
    public record SystemFigures(long voluntaryContextSwitches, long involuntaryContextSwitches, long bytesCopied,
                                double copyMillis, java.util.List<Long> peakMemoryBytesPerWorker) {

        /** Past this many workers the page sums their peak memory up instead of listing every one. */
        public static final int LISTED_WORKERS = 8;

        public SystemFigures {
            peakMemoryBytesPerWorker = java.util.List.copyOf(peakMemoryBytesPerWorker);
        }

        public long peakMemoryMinBytes() {
            return peakMemoryBytesPerWorker.stream().mapToLong(Long::longValue).min().orElse(0);
        }

        public long peakMemoryMaxBytes() {
            return peakMemoryBytesPerWorker.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        public long peakMemoryTotalBytes() {
            return peakMemoryBytesPerWorker.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The shared counter: how many increments the programs made, and the value it ended with. */
    public record CounterFigures(long expected, long actual) {

        public long lost() {
            return expected - actual;
        }
    }

    /**
     * A run on worker processes: each has its own interpreter, GIL and {@code counter}.
     *
     * @param processes            worker processes the run used (one per task for process-per-task)
     * @param countersPerProcess   each process's own {@code counter} at its end; the server's stays 0
     * @param workerReadyMillis    median time from starting a worker process to its "ready", measured on this server
     * @param workerWarmUpMillis   median time a pooled worker then spends compiling its eval loop, before any
     *                             run's clock starts (0 when none has been measured yet)
     * @param workerIdleRssBytes   resident memory of a fresh, idle worker process, measured on this server
     * @param counterInSharedMemory whether the run's counter lived in shared memory ({@code incr-shared}), so
     *                              that the summary's counter is the one every process updated
     * @param cpythonStart         CPython's process start measured on this server (spawn and fork), or null when
     *                             python3 is absent
     */
    public record ProcessFigures(int processes, java.util.List<Long> countersPerProcess, double workerReadyMillis,
                                 double workerWarmUpMillis, long workerIdleRssBytes, boolean counterInSharedMemory,
                                 lab.gil.process.CPythonStart cpythonStart) {

        public ProcessFigures {
            countersPerProcess = java.util.List.copyOf(countersPerProcess);
        }
    }

    /**
     * What greenlets cost and how long they waited for their hub.
     *
     * @param startMillis         time to spawn every greenlet, inside the run's clock (as {@code gevent.spawn} is)
     * @param bytesPerGreenlet    memory allocated per greenlet from spawning until each had run to its first wait,
     *                            or -1 when not measured
     * @param hubWaits            times a greenlet was ready (its wait ended, an item came) and waited for its turn
     * @param hubWaitMedianMillis median time from a greenlet's wait ending to its running again: how long it waited
     *                            because another greenlet was computing
     * @param hubWaitMaxMillis    the longest such time
     */
    public record GreenletFigures(double startMillis, long bytesPerGreenlet, long hubWaits,
                                  double hubWaitMedianMillis, double hubWaitMaxMillis) {

        /** Whether the memory per greenlet was measured. */
        public boolean hasMemory() {
            return bytesPerGreenlet >= 0;
        }
    }

    /**
     * What the speedup compares with.
     *
     * @param without      why no one-worker run was measured, or null when one was: {@code crash} (a task kills its
     *                     worker, and would kill a lone worker's run too), {@code queue} (producers and consumers
     *                     wait for each other: on one worker, one after another, they would wait forever or
     *                     measure something else)
     * @param cores        the cores of this server
     * @param speedupLimit the most speedup the workers and cores allow this work: its workers, or its CPU time
     *                     spread over every core, whichever is less (0 when there is no baseline)
     * @param remeasured   whether the one-worker run was measured again right after this run, because the first
     *                     measurement gave a speedup beyond {@code speedupLimit}
     */
    public record Comparison(String without, int cores, double speedupLimit, boolean remeasured) {

        /** A run compared with a one-worker measurement. */
        public static Comparison measured(int cores, double speedupLimit, boolean remeasured) {
            return new Comparison(null, cores, speedupLimit, remeasured);
        }

        /** A run whose work means nothing on one worker, so that it has no speedup; {@code why} is an id above. */
        public static Comparison without(String why, int cores) {
            return new Comparison(why, cores, 0, false);
        }
    }

    /**
     * What one emulated loop iteration costs on this server and where that figure came from.
     *
     * @param source         {@code cpython} (measured with python3 on this server), {@code fallback} (python3 was
     *                       absent or failed: an assumed figure) or {@code given} (configured, as tests do)
     * @param cpythonVersion the version of the CPython measured, such as 3.11.7; null unless measured
     * @param nsPerIteration nanoseconds one iteration of {@code while n > 0: n -= 1} costs, in CPython and here
     */
    public record CalibrationFigures(String source, String cpythonVersion, double nsPerIteration) {}

    /**
     * What else the machine did while the run's clock ran: its busy CPU time, from the per-core sampler, less the
     * run's own CPU time. The server streaming to its viewers counts here, as do other programs.
     *
     * @param cores        cores' worth of other work on average, from 0 to {@code machineCores}
     * @param machineCores the machine's logical cores
     * @param coveredMillis how much of the run's wall time the samples counted cover: whole samples only
     */
    public record OtherWork(double cores, int machineCores, double coveredMillis) {

        /**
         * More other work than this, in cores on average, and the run is marked as disturbed. A quarter of a core
         * is about three times what the ticks' rounding can make of a short run (see the run's {@code OtherWorkRecorder}),
         * and more than an idle server with a few pages open takes; on 2 cores it takes an eighth of the machine,
         * enough to slow a run that wants both cores by more than a tenth, more than the differences some lessons
         * ask about.
         */
        public static final double DISTURBED_CORES = 0.25;

        /** Share of the whole machine, from 0 to 1. */
        public double share() {
            return machineCores <= 0 ? 0 : cores / machineCores;
        }

        /** Whether the run's times are slower than this machine alone would give, by more than noise. */
        public boolean disturbed() {
            return cores > DISTURBED_CORES;
        }
    }

    /** The largest of the workers' peak resident memories, in MiB; 0 for threads. */
    public double peakMemoryMaxMiB() {
        return system.peakMemoryBytesPerWorker().stream().mapToLong(Long::longValue).max().orElse(0) / (1024.0 * 1024);
    }
}
