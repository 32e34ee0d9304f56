package lab.gil.cost;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import lab.gil.process.ProcStatus;

/**
 * Measures what a platform thread costs in this JVM: starts threads as a run's pool starts its workers
 * ({@code Thread.ofPlatform()}, the JVM's default stack size), one at a time, each waited for until it runs (as
 * Python's {@code Thread.start()} waits for its thread to start), and keeps them all alive and waiting, as a
 * pool's idle workers wait for a task, while it reads the process's memory.
 *
 * <p>What it reports, and why that is the honest figure: a thread reserves address space for its whole stack when
 * it starts ({@code VmSize} grows by it), but the kernel gives it memory only for the pages it touches ({@code VmRSS}
 * grows by those, by the JVM's own record of the thread, and by nothing else the thread holds). So the memory per
 * thread is the growth of resident memory over many threads, divided by their number, and the reservation (the
 * JVM's stack size setting, else the growth of the address space) is shown apart: it costs address space, not
 * memory. Other threads of the server allocate meanwhile and move resident
 * memory too, so the figure is the median of several rounds; and glibc keeps the stacks of a few ended threads for
 * reuse (already resident), so each round starts many more threads than it keeps.
 *
 * <p>Measured once, on first use ({@link #shared()}), on a server whose runs take turns: call it only when no run is
 * executing. On a system without {@code /proc} the memory figures are 0 and only the start is measured.
 */
public final class ThreadCostProbe {

    /** Threads alive at once in a round: far more than glibc's cache of ended threads' stacks (about 40 of 1 MiB). */
    static final int THREADS = 256;
    /** Rounds measured after a small one that warms the code up; the median of them is reported. */
    static final int ROUNDS = 3;
    /** Longest a started thread may take to run, or to end once released, before the probe gives up. */
    static final Duration THREAD_TIMEOUT = Duration.ofSeconds(10);

    /** Calls a few frames deep before waiting, as a pool thread waits inside its run loop, not at its entry. */
    private static final int DEPTH = 32;

    /** Guards {@link #measured}: the first caller measures, the others wait for that figure. */
    private static final ReentrantLock LOCK = new ReentrantLock();
    /** The figure, once measured; null before. */
    private static WorkerCost measured;

    private ThreadCostProbe() {}

    /** This server's figure: measured on the first call (a few hundred milliseconds), the same one afterwards. */
    public static WorkerCost shared() throws InterruptedException {
        LOCK.lock();
        try {
            if (measured == null) {
                measured = measure(THREADS, ROUNDS);
            }
            return measured;
        } finally {
            LOCK.unlock();
        }
    }

    /** Measures {@code rounds} rounds of {@code threads} threads, after a warm-up round; every thread is joined. */
    static WorkerCost measure(int threads, int rounds) throws InterruptedException {
        round(Math.max(1, threads / 8)); // class loading and compiling, not the threads, would grow memory here
        List<Long> resident = new ArrayList<>();
        List<Long> reserved = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Round round = round(threads);
            resident.add(round.residentBytes() / threads);
            reserved.add(round.reservedBytes() / threads);
            starts.addAll(round.startNanos());
        }
        long stack = configuredStackBytes();
        return new WorkerCost(WorkerCost.THREAD, Math.max(0, WorkerCost.median(resident)),
                stack > 0 ? stack : Math.max(0, WorkerCost.median(reserved)), WorkerCost.median(starts), threads * rounds);
    }

    /**
     * The stack the JVM reserves for each thread it starts without a size of its own, read from the running JVM
     * ({@code -XX:ThreadStackSize}, set by {@code -Xss}); 0 when it leaves the size to the platform or cannot say.
     * It is the reservation itself, where the growth of the address space may fall short of it: glibc hands a new
     * thread the stack of an ended one when it has one cached.
     */
    static long configuredStackBytes() {
        try {
            var vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return Long.parseLong(vm.getVMOption("ThreadStackSize").getValue()) * 1024;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** What one round measured: memory the live threads added, and each thread's start. */
    private record Round(long residentBytes, long reservedBytes, List<Long> startNanos) {}

    private static Round round(int count) throws InterruptedException {
        Semaphore running = new Semaphore(0);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>(count);
        List<Long> startNanos = new ArrayList<>(count);
        Memory before = Memory.now();
        try {
            for (int i = 0; i < count; i++) {
                Thread thread = Thread.ofPlatform().daemon().name("thread-cost-probe-" + i)
                        .unstarted(() -> waitDeep(DEPTH, running, release));
                long t0 = System.nanoTime();
                thread.start();
                started.add(thread);
                if (!running.tryAcquire(THREAD_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException("a probe thread did not run within " + THREAD_TIMEOUT.toSeconds() + " s");
                }
                startNanos.add(System.nanoTime() - t0);
            }
            Memory during = Memory.now();
            return new Round(during.rss() - before.rss(), during.size() - before.size(), startNanos);
        } finally {
            release.countDown();
            for (Thread thread : started) {
                if (!thread.join(THREAD_TIMEOUT)) {
                    throw new IllegalStateException("a probe thread did not end within " + THREAD_TIMEOUT.toSeconds() + " s");
                }
            }
        }
    }

    /** Says it runs, then waits {@code depth} calls deep until released. */
    private static void waitDeep(int depth, Semaphore running, CountDownLatch release) {
        if (depth > 0) {
            waitDeep(depth - 1, running, release);
            return;
        }
        running.release();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The process's resident memory and address space, in bytes; zeros where there is no {@code /proc}. */
    private record Memory(long rss, long size) {

        static Memory now() {
            ProcStatus status = ProcStatus.ofThisProcess();
            return new Memory(status.rssBytes(), status.sizeBytes());
        }
    }
}
