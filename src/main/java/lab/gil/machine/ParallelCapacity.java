package lab.gil.machine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLongArray;
import lab.gil.interpreter.BurnKernel;

/**
 * How many times one thread's CPU work this machine does when k threads compute at once: k on k free cores, about
 * 1.2 for two vCPUs that are the two hyper-threads of one physical core, 1 for anything on one usable core.
 *
 * <p>Measured in CPU time, not wall time: k threads each burn the same rounds of {@link BurnKernel} at once, and a
 * thread whose core is shared with a busy sibling hyper-thread is scheduled all along but runs slower, so its CPU
 * time grows; a thread that other programs push off its core for a while does not spend CPU time meanwhile, so a busy
 * machine does not make the capacity look smaller than the machine is. Capacity is then {@code k * cpu(alone) /
 * mean cpu(together)}, the median over a few rounds, and never more than k or the cgroup quota (a quota throttles
 * threads without their CPU time showing it).
 */
public final class ParallelCapacity {

    /** Kernel rounds each thread burns per timing: about 10 ms here. */
    private static final long ROUNDS = 6_000_000;
    /** Rounds of (alone, together) timings; the median counts. */
    private static final int TIMINGS = 7;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private ParallelCapacity() {}

    /**
     * Measures the capacity of 2 threads and of {@code usableCores} threads (when more), capped at {@code quota}
     * cores when there is one. Index k of the answer is the capacity of k threads; index 0 is unused, 1 is 1.
     * About 0.15 s on two cores.
     */
    public static double[] measure(int usableCores, double quota) {
        List<Integer> counts = new ArrayList<>(List.of(2));
        if (usableCores > 2) {
            counts.add(usableCores);
        }
        double[] measured = new double[counts.getLast() + 1];
        measured[1] = 1;
        for (int k : counts) {
            measured[k] = Math.min(Math.min(k, quota), usableCores == 1 ? 1 : of(k));
        }
        return measured;
    }

    /** k threads' capacity by CPU time, the median of {@link #TIMINGS} rounds. */
    static double of(int k) {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            return k;
        }
        burnAlone(); // compiled before anything is timed
        double[] ratios = new double[TIMINGS];
        for (int i = 0; i < TIMINGS; i++) {
            long alone = burnAlone();
            long[] together = burnTogether(k);
            double mean = Arrays.stream(together).average().orElse(alone);
            ratios[i] = mean <= 0 ? k : k * (double) alone / mean;
        }
        Arrays.sort(ratios);
        return ratios[TIMINGS / 2];
    }

    private static long burnAlone() {
        long before = THREADS.getCurrentThreadCpuTime();
        keep(BurnKernel.burn(BurnKernel.SEED, ROUNDS));
        return THREADS.getCurrentThreadCpuTime() - before;
    }

    /** Each of k threads' CPU time for the same rounds, all started together. */
    private static long[] burnTogether(int k) {
        AtomicLongArray cpu = new AtomicLongArray(k);
        CyclicBarrier start = new CyclicBarrier(k);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("capacity-" + i).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                cpu.set(index, burnAlone());
            }));
        }
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
        long[] result = new long[k];
        for (int i = 0; i < k; i++) {
            result[i] = cpu.get(i);
        }
        return result;
    }

    /** Keeps a kernel's result alive, so that the JIT cannot drop the work. */
    private static void keep(long x) {
        if (x == 0) {
            throw new AssertionError("xorshift never reaches zero");
        }
    }
}
