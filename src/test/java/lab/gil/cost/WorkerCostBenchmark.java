package lab.gil.cost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerProcess;

/**
 * What one worker costs here, thread against process, measured the way the run summaries measure it and
 * interleaved round by round (a thread probe, then worker processes started one at a time), so that a machine
 * whose load drifts disturbs both alike. Prints each round and the medians.
 *
 * <p>{@code ./mvnw -q test-compile exec:exec@worker-cost-bench}; about half a minute.
 */
public final class WorkerCostBenchmark {

    private static final int ROUNDS = 5;
    private static final int PROCESSES_PER_ROUND = 4;

    private WorkerCostBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path cache = Files.createTempDirectory("gil-lab-worker-cost-bench");
        WorkerLauncher launcher = WorkerLauncher.create(cache, true);
        List<Double> threadKib = new ArrayList<>(), threadReservedKib = new ArrayList<>(), threadStartMicros = new ArrayList<>();
        List<Double> readyMillis = new ArrayList<>(), idleMib = new ArrayList<>(), warmMib = new ArrayList<>();
        ThreadCostProbe.measure(ThreadCostProbe.THREADS, 1); // JIT and class loading, not measured
        for (int round = 1; round <= ROUNDS; round++) {
            WorkerCost thread = ThreadCostProbe.measure(ThreadCostProbe.THREADS, 1);
            threadKib.add(thread.kibPerWorker());
            threadReservedKib.add(thread.reservedKibPerWorker());
            threadStartMicros.add(thread.startMicrosPerWorker());
            for (int p = 0; p < PROCESSES_PER_ROUND; p++) {
                try (WorkerProcess worker = WorkerProcess.start(launcher)) {
                    readyMillis.add(worker.readyTime().toNanos() / 1e6);
                    idleMib.add(worker.idleRssBytes() / 1048576.0);
                    worker.warmUp();
                    warmMib.add(worker.status().rssBytes() / 1048576.0);
                }
            }
            System.out.printf(Locale.ROOT, "round %d: thread %.1f KiB (%.0f KiB reserved), starts in %.1f us | "
                            + "process ready in %.1f ms, %.1f MiB idle, %.1f MiB warm (last of %d)%n", round,
                    thread.kibPerWorker(), thread.reservedKibPerWorker(), thread.startMicrosPerWorker(),
                    readyMillis.getLast(), idleMib.getLast(), warmMib.getLast(), PROCESSES_PER_ROUND);
        }
        System.out.printf(Locale.ROOT, "%nmedians over %d rounds (%d threads a round; %d processes in all), load average %s%n",
                ROUNDS, ThreadCostProbe.THREADS, ROUNDS * PROCESSES_PER_ROUND, Files.readString(Path.of("/proc/loadavg")).strip());
        System.out.printf(Locale.ROOT, "| worker | memory | reserved, not resident | start |%n|---|---:|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| platform thread | %.1f KiB | %.0f KiB | %.1f us |%n",
                median(threadKib), median(threadReservedKib), median(threadStartMicros));
        System.out.printf(Locale.ROOT, "| worker process (idle / warmed up) | %.1f / %.1f MiB | | %.1f ms |%n",
                median(idleMib), median(warmMib), median(readyMillis));
        System.out.printf(Locale.ROOT, "one process holds as much as %.0f threads and starts as slowly as %.0f%n",
                median(warmMib) * 1024 / median(threadKib), median(readyMillis) * 1000 / median(threadStartMicros));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
