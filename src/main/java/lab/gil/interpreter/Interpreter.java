package lab.gil.interpreter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An emulated CPython interpreter for one run: its worker threads, its GIL (or GILs, or none) and its shared
 * {@code counter}, with the recording the page streams.
 *
 * <p>Invariant: the GIL mode, switch interval and worker count are fixed at construction; worker i is attached to at
 * most one platform thread at a time. Workers write their own state logs and counters; any thread may read counters,
 * and one observer thread at a time drains the state logs.
 *
 * <p>Typical use by a run engine: construct, then on each pool thread {@code attach(i)}, {@code run(...)} one or
 * more task programs, {@code detach()}; meanwhile an observer calls {@link #drainStateChanges} and
 * {@link #counters} 10-20 times a second.
 */
public final class Interpreter {

    /** The shortest switch interval a run may set (CPython accepts less, but the emulation's waits then dominate). */
    public static final Duration MIN_SWITCH_INTERVAL = Duration.ofNanos(100_000);
    /** The longest switch interval a run may set. */
    public static final Duration MAX_SWITCH_INTERVAL = Duration.ofMillis(100);
    /** CPython's default switch interval, {@code sys.getswitchinterval() == 0.005}. */
    public static final Duration DEFAULT_SWITCH_INTERVAL = Duration.ofMillis(5);
    /** The most workers one interpreter may have. */
    public static final int MAX_WORKERS = 1024;
    /** State changes each worker can hold between two drains (at 20 Hz: 160 000 changes a second). */
    static final int STATE_LOG_CAPACITY = 8192;
    /**
     * The smaller log of each worker when there are more than {@link #MANY_WORKERS}: workers of one GIL share its
     * switches, so each changes state less often, and 1024 workers then keep about 9 MB instead of 75 MB.
     */
    static final int SMALL_STATE_LOG_CAPACITY = 1024;
    static final int MANY_WORKERS = 64;

    private final GilMode mode;
    private final Duration switchInterval;
    /** The GILs: one in GIL mode, one per worker in per-interpreter mode, none in free-threaded mode. */
    private final List<Gil> gils;
    /** The {@code counter} objects: one per interpreter (one per worker in per-interpreter mode). */
    private final List<SharedCounter> counters;
    /** The {@code lock} objects of {@code incr-lock}: one per interpreter, like the counters. */
    private final List<PyLock> locks;
    private final List<PyThread> threads;
    /** Guards draining, so that two observers cannot both read a log (a log has a single reader). */
    private final Object drainLock = new Object();

    public Interpreter(GilMode mode, Duration switchInterval, int workers, Calibration calibration, boolean record) {
        this(mode, switchInterval, workers, calibration, record, new LocalItemQueue());
    }

    /**
     * An interpreter whose {@code put} and {@code get} steps use {@code queue}: its own queue for threads, or a
     * queue that lives in the server for a worker process.
     */
    public Interpreter(GilMode mode, Duration switchInterval, int workers, Calibration calibration, boolean record,
                       ItemQueue queue) {
        this(mode, switchInterval, workers, calibration, record, queue, null);
    }

    /**
     * The same, with the counter that {@code incr-shared} steps update: a counter in shared memory for a worker
     * process, or null for the interpreter's own {@code counter} (threads share it anyway).
     */
    public Interpreter(GilMode mode, Duration switchInterval, int workers, Calibration calibration, boolean record,
                       ItemQueue queue, CounterCell sharedMemoryCounter) {
        if (queue == null) {
            throw new IllegalArgumentException("a queue is required");
        }
        if (mode == null || switchInterval == null || calibration == null) {
            throw new IllegalArgumentException("mode, switch interval and calibration are required");
        }
        if (switchInterval.compareTo(MIN_SWITCH_INTERVAL) < 0 || switchInterval.compareTo(MAX_SWITCH_INTERVAL) > 0) {
            throw new IllegalArgumentException("The switch interval must be between 0.1 ms and 100 ms, not "
                    + switchInterval.toNanos() / 1e6 + " ms.");
        }
        if (workers < 1 || workers > MAX_WORKERS) {
            throw new IllegalArgumentException("The number of workers must be between 1 and " + MAX_WORKERS
                    + ", not " + workers + ".");
        }
        this.mode = mode;
        this.switchInterval = switchInterval;
        int interpreters = mode == GilMode.PER_INTERPRETER ? workers : 1;
        List<Gil> g = new ArrayList<>();
        List<SharedCounter> c = new ArrayList<>();
        List<PyLock> l = new ArrayList<>();
        List<CodeWarmth> w = new ArrayList<>();
        for (int i = 0; i < interpreters; i++) {
            if (mode != GilMode.FREE_THREADED) {
                g.add(new Gil(switchInterval.toNanos()));
            }
            c.add(new SharedCounter());
            l.add(new PyLock());
            w.add(new CodeWarmth());
        }
        this.gils = List.copyOf(g);
        this.counters = List.copyOf(c);
        this.locks = List.copyOf(l);
        List<PyThread> t = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            int own = interpreters == 1 ? 0 : i;
            CounterCell sharedMemory = sharedMemoryCounter != null ? sharedMemoryCounter : counters.get(own);
            t.add(new PyThread(i, gils.isEmpty() ? null : gils.get(own), counters.get(own), sharedMemory, locks.get(own),
                    queue, w.get(own), calibration,
                    record ? new StateLog(i, workers > MANY_WORKERS ? SMALL_STATE_LOG_CAPACITY : STATE_LOG_CAPACITY)
                            : null));
        }
        this.threads = List.copyOf(t);
    }

    /**
     * Binds worker {@code workerIndex} to the calling platform thread, like creating a {@code PyThreadState}, and
     * records it IDLE. Call {@link PyThread#detach()} on the same thread when done.
     */
    public PyThread attach(int workerIndex) {
        if (workerIndex < 0 || workerIndex >= threads.size()) {
            throw new IllegalArgumentException("no worker " + workerIndex + " among " + threads.size());
        }
        PyThread t = threads.get(workerIndex);
        t.attach();
        return t;
    }

    /** Worker {@code workerIndex}, for reading its state and progress from any thread. */
    public PyThread worker(int workerIndex) {
        return threads.get(workerIndex);
    }

    /** Hands every recorded state change since the last drain to {@code sink}, worker by worker, oldest first. */
    public void drainStateChanges(Consumer<StateChange> sink) {
        synchronized (drainLock) {
            for (PyThread t : threads) {
                if (t.log() != null) {
                    t.log().drainTo(sink);
                }
            }
        }
    }

    /** A snapshot of the GIL figures, per worker and summed. */
    public CountersSnapshot counters() {
        List<GilCounters> per = new ArrayList<>(threads.size());
        long acquisitions = 0, forced = 0, requests = 0, wait = 0, ioCount = 0, ioSum = 0, ioMax = 0, dropped = 0;
        long[] ioBuckets = LatencyHistogram.emptyBuckets();
        for (PyThread t : threads) {
            GilCounters c = t.counters();
            per.add(c);
            acquisitions += c.acquisitions();
            forced += c.forcedSwitches();
            requests += c.dropRequests();
            wait += c.waitNanos();
            LatencyHistogram h = t.ioRetakeHistogram();
            ioCount += h.count();
            ioSum += h.sum();
            ioMax = Math.max(ioMax, h.max());
            h.addTo(ioBuckets);
            dropped += t.log() == null ? 0 : t.log().dropped();
        }
        long switches = gils.stream().mapToLong(Gil::switchNumber).sum();
        GilCounters total = new GilCounters(acquisitions, forced, requests, wait,
                LatencyHistogram.stats(ioBuckets, ioCount, ioSum, ioMax));
        return new CountersSnapshot(per, total, switches, dropped);
    }

    /**
     * The value of the shared {@code counter}: in GIL and free-threaded mode the one counter all workers update; in
     * per-interpreter mode the sum of the workers' own counters (see {@link #sharedCounters()} for each).
     */
    public long sharedCounter() {
        return counters.stream().mapToLong(SharedCounter::load).sum();
    }

    /** Each interpreter's {@code counter}: one value, or one per worker in per-interpreter mode. */
    public List<Long> sharedCounters() {
        return counters.stream().map(SharedCounter::load).toList();
    }

    /** The lock worker {@code workerIndex}'s {@code incr-lock} steps take. */
    PyLock lockOf(int workerIndex) {
        return locks.get(mode == GilMode.PER_INTERPRETER ? workerIndex : 0);
    }

    /** The GIL worker {@code workerIndex} runs under, or null in free-threaded mode. */
    Gil gilOf(int workerIndex) {
        return gils.isEmpty() ? null : gils.get(mode == GilMode.PER_INTERPRETER ? workerIndex : 0);
    }

    public GilMode mode() {
        return mode;
    }

    public Duration switchInterval() {
        return switchInterval;
    }

    public int workers() {
        return threads.size();
    }
}
