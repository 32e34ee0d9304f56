package lab.gil.interpreter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The benchmark's experiments run on the emulation, each answering the same {@code name value} figures as the
 * matching script of {@link CPythonRunner} (times in seconds).
 */
final class EmulatedExperiments {

    private static final Duration DEFAULT_INTERVAL = Interpreter.DEFAULT_SWITCH_INTERVAL;
    /** How often the observer drains state changes, as the page's 20 Hz stream does. */
    private static final long OBSERVER_PERIOD_MILLIS = 50;

    private final Calibration calibration;

    EmulatedExperiments(Calibration calibration) {
        this.calibration = calibration;
    }

    /** The seed's countdown of {@code n} on 1, 2 and 4 threads under the GIL, and on 2 without a GIL. */
    Map<String, Double> countdown(long n) throws InterruptedException {
        return Map.of(
                "t1", timeThreads(GilMode.GIL, DEFAULT_INTERVAL, 1, cpu(n), true),
                "t2", timeThreads(GilMode.GIL, DEFAULT_INTERVAL, 2, cpu(n / 2), true),
                "t4", timeThreads(GilMode.GIL, DEFAULT_INTERVAL, 4, cpu(n / 4), true),
                "ft2", timeThreads(GilMode.FREE_THREADED, DEFAULT_INTERVAL, 2, cpu(n / 2), true));
    }

    /**
     * What parallelism the machine offers right now: seconds of two plain Java threads sharing a fixed amount of
     * kernel work over seconds of one thread doing it all (0.5 on two idle cores, 1.0 when others hold one core).
     */
    double machineParallelism(Duration work) throws InterruptedException {
        long rounds = calibration.roundsFor(work);
        long one = burnOn(1, rounds);
        long two = burnOn(2, rounds / 2);
        return (double) two / one;
    }

    private static long burnOn(int threads, long rounds) throws InterruptedException {
        long[] results = new long[threads];
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            all.add(new Thread(() -> results[index] = BurnKernel.burn(BurnKernel.SEED, rounds), "machine-" + i));
        }
        long start = System.nanoTime();
        all.forEach(Thread::start);
        for (Thread t : all) {
            t.join();
        }
        long took = System.nanoTime() - start;
        if (results[0] == 0) {
            throw new AssertionError("xorshift never reaches zero"); // keeps the work alive
        }
        return took;
    }

    /** 100 tasks each waiting 50 ms, on pools of 1, 10 and 100 threads. */
    Map<String, Double> ioPools() throws InterruptedException {
        TaskProgram wait = TaskProgram.parse("io 50ms");
        return Map.of("p1", timePool(1, 100, wait), "p10", timePool(10, 100, wait), "p100", timePool(100, 100, wait));
    }

    /** {@code calls} GIL-releasing C calls of {@code callDuration} each, on 1 thread and split over 2. */
    Map<String, Double> hashing(int calls, Duration callDuration) throws InterruptedException {
        return Map.of(
                "t1", timeThreads(GilMode.GIL, DEFAULT_INTERVAL, 1, repeat(new Step.Native(callDuration), calls), true),
                "t2", timeThreads(GilMode.GIL, DEFAULT_INTERVAL, 2,
                        repeat(new Step.Native(callDuration), calls / 2), true));
    }

    /**
     * Median latency (seconds) from the intended wake-up of a thread sleeping 1 ms to when it runs Python code again,
     * over {@code samples} sleeps, alone or next to a CPU-bound thread.
     */
    Map<String, Double> wakeUpLatency(Duration interval, int samples, boolean nextToCpu) throws InterruptedException {
        Interpreter interp = new Interpreter(GilMode.GIL, interval, 2, calibration, false);
        AtomicBoolean ioDone = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread cpu = new Thread(() -> {
            PyThread t = interp.attach(1);
            try {
                t.run(cpu(TaskProgram.MAX_ITERATIONS), () -> {
                    spinning.countDown();
                    return ioDone.get();
                });
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                spinning.countDown();
                t.detach();
            }
        }, "emulated-spin");
        if (nextToCpu) {
            cpu.start();
            spinning.await();
        }
        PyThread io = interp.attach(0);
        try {
            io.run(repeat(new Step.Io(Duration.ofMillis(1)), samples), () -> false);
        } finally {
            io.detach();
            ioDone.set(true);
        }
        if (nextToCpu) {
            cpu.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get());
        }
        return Map.of("median", interp.counters().perWorker().getFirst().ioRetake().medianNanos() / 1e9);
    }

    /** State changes recorded by 2 countdown threads sharing {@code total} iterations under the GIL. */
    long countStateChanges(Duration interval, long total) throws InterruptedException {
        Interpreter interp = new Interpreter(GilMode.GIL, interval, 2, calibration, true);
        AtomicInteger changes = new AtomicInteger();
        Thread observer = Thread.ofPlatform().name("observer").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                interp.drainStateChanges(c -> changes.incrementAndGet());
                try {
                    Thread.sleep(OBSERVER_PERIOD_MILLIS); // the page's 20 Hz drain, not a wait for an event
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        runOn(interp, cpu(total / 2));
        observer.interrupt();
        observer.join();
        interp.drainStateChanges(c -> changes.incrementAndGet());
        return changes.get();
    }

    /** Seconds for {@code workers} threads each running {@code program} under a fresh interpreter. */
    double timeThreads(GilMode mode, Duration interval, int workers, TaskProgram program, boolean record)
            throws InterruptedException {
        Interpreter interp = new Interpreter(mode, interval, workers, calibration, record);
        double seconds = runOn(interp, program);
        if (record) {
            interp.drainStateChanges(change -> { });
        }
        return seconds;
    }

    /** Runs {@code program} on every worker of {@code interp}, each on its own thread; returns seconds. */
    private static double runOn(Interpreter interp, TaskProgram program) throws InterruptedException {
        int workers = interp.workers();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < workers; i++) {
            int index = i;
            threads.add(new Thread(() -> {
                PyThread t = interp.attach(index);
                try {
                    t.run(program, () -> false);
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    t.detach();
                }
            }, "emulated-" + i));
        }
        long start = System.nanoTime();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long took = System.nanoTime() - start;
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.getFirst());
        }
        return took / 1e9;
    }

    /** Seconds for a pool of {@code threads} threads to run {@code tasks} copies of {@code program}. */
    private double timePool(int threads, int tasks, TaskProgram program) throws InterruptedException {
        Interpreter interp = new Interpreter(GilMode.GIL, DEFAULT_INTERVAL, threads, calibration, false);
        AtomicInteger next = new AtomicInteger();
        List<Thread> pool = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int index = i;
            pool.add(new Thread(() -> {
                PyThread t = interp.attach(index);
                try {
                    while (next.getAndIncrement() < tasks) {
                        t.run(program, () -> false);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    t.detach();
                }
            }, "emulated-pool-" + i));
        }
        long start = System.nanoTime();
        pool.forEach(Thread::start);
        for (Thread t : pool) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.getFirst());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    static TaskProgram cpu(long iterations) {
        return new TaskProgram(List.of(new Step.Cpu(iterations)));
    }

    /** A program of {@code times} copies of one step (the constructor, unlike parse, allows more than 16). */
    static TaskProgram repeat(Step step, int times) {
        return new TaskProgram(Collections.nCopies(times, step));
    }
}
