package lab.gil.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's worker processes: idle workers kept warm for the next run, and every worker it has started that is
 * not closed yet, so that none is left behind.
 *
 * <p>Invariant: every worker the pool starts is in {@link #live} until it is closed or killed through the pool;
 * a worker is leased to at most one run at a time; at most {@link #maxIdle} workers wait idle. A leased worker is
 * warm (its eval loop compiled, see {@link WorkerProcess#warmUp()}), so that a run's clock, which starts once its
 * workers are leased, measures the run and not the JVMs' start; a worker started for one task is not. After
 * {@link #shutdown()} no worker of the pool is alive and no new one starts.
 */
public final class WorkerPool {

    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);
    /** Start-up times kept for the median a lesson page shows. */
    private static final int READY_HISTORY = 64;

    private final WorkerLauncher launcher;
    private final int maxIdle;
    /** Workers starting (or warming up) at once: one per core. */
    private final java.util.concurrent.Semaphore startPermits =
            new java.util.concurrent.Semaphore(Runtime.getRuntime().availableProcessors());

    /** Guards every field below. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Warm workers waiting for a run, most recently used last. */
    private final Deque<WorkerProcess> idle = new ArrayDeque<>();
    /** Every worker started and not yet closed, leased or idle. */
    private final Set<WorkerProcess> live = new LinkedHashSet<>();
    /** The latest start-up times, for {@link #startup()}. */
    private final Deque<Long> readyNanos = new ArrayDeque<>();
    /** Started workers still running their warm-up: live, but not yet ready for a run. */
    private final Set<WorkerProcess> warming = new java.util.HashSet<>();
    /** The latest warm-up times of pooled workers, for {@link #startup()}. */
    private final Deque<Long> warmUpNanos = new ArrayDeque<>();
    /** The latest idle resident memory of a fresh worker. */
    private long lastIdleRssBytes;
    /** Set by {@link #shutdown()}. */
    private boolean closed;

    /** Guards {@link #cpythonStart}, measured apart from the workers so that a measurement never holds {@link #lock}. */
    private final ReentrantLock cpythonLock = new ReentrantLock();
    /** CPython's start here, once measured (empty when python3 is absent); null until then. */
    private Optional<CPythonStart> cpythonStart;

    public WorkerPool(WorkerLauncher launcher, int maxIdle) {
        this.launcher = launcher;
        this.maxIdle = maxIdle;
    }

    /** A pool whose workers start from {@code cacheDir} with an AOT cache; builds the cache on first use. */
    public static WorkerPool create(Path cacheDir, int maxIdle) throws IOException, InterruptedException {
        return new WorkerPool(WorkerLauncher.create(cacheDir, true), maxIdle);
    }

    /**
     * What it costs to start a worker here, measured on the workers this pool started: from start to "ready", and
     * the warm-up a pooled worker runs after that, before any run's clock starts.
     */
    public record Startup(int measured, Duration medianReadyTime, Duration medianWarmUpTime, long idleRssBytes) {}

    /**
     * Leases {@code count} warm workers to one run: idle ones first, new ones started and warmed up side by side
     * for the rest. Give them back with {@link #release}.
     */
    public List<WorkerProcess> lease(int count) throws IOException, InterruptedException {
        List<WorkerProcess> leased = new ArrayList<>(count);
        lock.lock();
        try {
            requireOpen();
            while (leased.size() < count && !idle.isEmpty()) {
                WorkerProcess w = idle.pollLast();
                if (w.isAlive()) {
                    leased.add(w);
                } else {
                    live.remove(w);
                }
            }
        } finally {
            lock.unlock();
        }
        try {
            leased.addAll(startAll(count - leased.size(), true));
        } catch (IOException | InterruptedException | RuntimeException e) {
            release(leased);
            throw e;
        }
        leased.forEach(WorkerProcess::resetPeakMemory);
        return leased;
    }

    /** How many of {@code count} workers a lease would start now, beyond the idle ones. */
    public int coldStartsFor(int count) {
        lock.lock();
        try {
            return Math.max(0, count - idle.size());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts one cold worker that is not pooled, as {@code multiprocessing.Process} starts one for one job: its
     * first task pays for the JIT as well. Close it through {@link #discard} when its task is done.
     */
    public WorkerProcess startOne() throws IOException, InterruptedException {
        return startAll(1, false).getFirst();
    }

    /**
     * Takes workers back from a run: live, warm ones wait for the next run (up to the idle limit); dead or cold ones
     * are ended.
     */
    public void release(Collection<WorkerProcess> workers) throws InterruptedException {
        List<WorkerProcess> surplus = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerProcess w : workers) {
                if (!closed && w.isAlive() && w.isWarm() && idle.size() < maxIdle) {
                    idle.addLast(w);
                } else {
                    surplus.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        for (WorkerProcess w : surplus) {
            discard(w);
        }
    }

    /** Ends a worker for good (dead, killed, surplus or started for one task). */
    public void discard(WorkerProcess worker) throws InterruptedException {
        try {
            worker.close();
        } finally {
            lock.lock();
            try {
                live.remove(worker);
                warming.remove(worker);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * The pids of every worker ready for a run (warmed up, when pooled) and not yet closed, for tests and
     * diagnostics.
     */
    public List<Long> pids() {
        lock.lock();
        try {
            return live.stream().filter(w -> !warming.contains(w)).map(WorkerProcess::pid).toList();
        } finally {
            lock.unlock();
        }
    }

    public Startup startup() {
        lock.lock();
        try {
            return new Startup(readyNanos.size(), median(readyNanos), median(warmUpNanos), lastIdleRssBytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * What starting a process costs CPython here, beside {@link #startup()}: measured on the first call (about a
     * second, so call it where a run's clock is not running), then remembered. Empty when python3 is absent.
     */
    public Optional<CPythonStart> cpythonStart() {
        cpythonLock.lock();
        try {
            if (cpythonStart == null) {
                cpythonStart = CPythonStart.measure();
                log.info("CPython's process start here: {}", cpythonStart.map(String::valueOf).orElse("python3 absent"));
            }
            return cpythonStart;
        } finally {
            cpythonLock.unlock();
        }
    }

    /** Call only while holding {@link #lock}. */
    private static Duration median(Deque<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.isEmpty() ? Duration.ZERO : Duration.ofNanos(sorted.get(sorted.size() / 2));
    }

    /** Ends every worker, idle or leased, and refuses new ones. */
    public void shutdown() throws InterruptedException {
        List<WorkerProcess> all;
        lock.lock();
        try {
            closed = true;
            all = new ArrayList<>(live);
            idle.clear();
        } finally {
            lock.unlock();
        }
        all.forEach(WorkerProcess::kill); // at once, as a server shutting down would: nothing waits for results
        for (WorkerProcess w : all) {
            discard(w);
        }
        log.info("Worker pool shut down; {} workers ended", all.size());
    }

    /**
     * Starts {@code count} workers, as many at a time as there are cores, each warmed up when {@code warm}.
     * Starting 48 JVMs at once on two cores finishes no sooner than two at a time, but makes every start look
     * 24 times slower in the figures a lesson shows, and can outlast the ready timeout on a busy machine.
     */
    private List<WorkerProcess> startAll(int count, boolean warm) throws IOException, InterruptedException {
        if (count <= 0) {
            return List.of();
        }
        List<WorkerProcess> started = new ArrayList<>(count);
        List<Thread> starters = new ArrayList<>(count);
        List<Exception> failures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starters.add(Thread.ofPlatform().name("worker-starter-" + i).start(() -> {
                try {
                    WorkerProcess w;
                    startPermits.acquire();
                    try {
                        w = WorkerProcess.start(launcher);
                        if (!register(w)) {
                            w.kill();
                            throw new IOException("the worker pool is shut down");
                        }
                        if (warm) {
                            warmUp(w);
                        }
                    } finally {
                        startPermits.release();
                    }
                    synchronized (started) {
                        started.add(w);
                    }
                } catch (IOException | RuntimeException e) {
                    synchronized (started) {
                        failures.add(e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        try {
            for (Thread t : starters) {
                t.join();
            }
        } finally {
            synchronized (started) {
                if (!failures.isEmpty() || started.size() < count) {
                    for (WorkerProcess w : started) {
                        discard(w);
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException(failures.getFirst().getMessage(), failures.getFirst());
        }
        if (started.size() < count) {
            throw new InterruptedException("interrupted while starting workers");
        }
        return started;
    }

    /** Adds a fresh worker to the live set and its start-up to the figures; false once the pool is shut down. */
    private boolean register(WorkerProcess w) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            live.add(w);
            readyNanos.addLast(w.readyTime().toNanos());
            if (readyNanos.size() > READY_HISTORY) {
                readyNanos.removeFirst();
            }
            lastIdleRssBytes = w.idleRssBytes();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Warms a freshly registered worker up and records how long that took; a worker that fails is ended. */
    private void warmUp(WorkerProcess w) throws IOException, InterruptedException {
        lock.lock();
        try {
            warming.add(w);
        } finally {
            lock.unlock();
        }
        Duration took;
        try {
            took = w.warmUp();
        } catch (IOException e) {
            String cause = e instanceof java.io.EOFException || !w.isAlive()
                    ? "it ended (" + w.deathCause() + ")" : e.getMessage();
            discard(w);
            throw new IOException("a worker process failed its warm-up: " + cause, e);
        }
        lock.lock();
        try {
            warming.remove(w);
            warmUpNanos.addLast(took.toNanos());
            if (warmUpNanos.size() > READY_HISTORY) {
                warmUpNanos.removeFirst();
            }
        } finally {
            lock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the worker pool is shut down");
        }
    }
}
