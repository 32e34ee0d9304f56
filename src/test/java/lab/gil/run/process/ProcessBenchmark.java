package lab.gil.run.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerPool;
import lab.gil.process.WorkerProcess;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * Measures what worker processes cost here, beside CPython's {@code multiprocessing} on the same machine: how fast
 * a worker is ready (and its idle memory, per start-up flag), 40 tasks of about 5 ms with a process per task
 * against a pool of two, the oversubscription rows of {@link OversubscriptionBench}, and copying 1, 10 and 100 MB
 * to and from a worker against a shared buffer of the same size ({@link CopyingBenchmark}, interleaved with CPython
 * sample by sample).
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@process-bench}. It prints figures and asserts nothing. It takes
 * about five minutes on a quiet machine, half of it CPython's (skipped with a note when python3 is absent).
 */
public final class ProcessBenchmark {

    private static final int READY_SAMPLES = 15;
    /** Small tasks of the per-task-against-pool rows: as many as the starting-processes lesson's presets run. */
    private static final int TASKS = 40;
    private static final List<String> DEFAULT_FLAGS = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");
    private static final long PYTHON_TIMEOUT_SECONDS = 240;
    /** Countdown iterations of the oversubscription rows, split over the processes. */
    private static final long OVERSUBSCRIPTION_TOTAL = Long.getLong("bench.oversubscription.total", 20_000_000L);
    private static final int OVERSUBSCRIPTION_ROUNDS = Integer.getInteger("bench.oversubscription.rounds", 5);

    private ProcessBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf("GIL Lab process benchmark, %s, %d cores%n", Instant.now(), Runtime.getRuntime().availableProcessors());
        Calibration calibration = Calibration.measure();
        long iterations = Math.round(5_000_000 / calibration.nsPerIteration());
        System.out.printf("Calibration: %s; a 5 ms task is cpu %d%n%n", calibration, iterations);
        Path cacheDir = Files.createTempDirectory("gil-lab-bench-");

        ReadyFigures ready = flagRows(cacheDir, calibration, iterations);
        double defaultReady = ready.defaultMillis();
        double javaReady = ready.appMillis();
        WorkerLauncher tuned = WorkerLauncher.create(cacheDir, true, WorkerLauncher.FLAGS);

        WorkerPool pool = new WorkerPool(tuned, 4);
        try {
            Timings java = new Timings();
            java.perTask = wallMillis(pool, calibration, "process-per-task", TASKS, "cpu " + iterations);
            java.pool = wallMillis(pool, calibration, "processes", TASKS, "cpu " + iterations);
            Map<String, Timings> python = cpython(iterations);
            print(javaReady, defaultReady, java, python);
            CopyingBenchmark.measure(pool, calibration);
        } finally {
            pool.shutdown();
        }
        oversubscription(calibration);
    }

    /** The oversubscription rows: P = 1, 2, 4, 16, 64 beside CPython's Pool(P), net and gross. */
    private static void oversubscription(Calibration calibration) throws Exception {
        OversubscriptionBench.measureAndPrint(calibration, OVERSUBSCRIPTION_TOTAL, OVERSUBSCRIPTION_ROUNDS);
    }

    /** The ready times of the JVM's defaults and of the app's flags, for the table below. */
    private record ReadyFigures(double defaultMillis, double appMillis) {}

    /**
     * What each start-up flag and the AOT cache buy: flag sets that add one thing at a time, started interleaved
     * (one of each, then again) so that a busy moment weighs on every set alike. For each: time to "ready", the
     * process's CPU time by then, the first 5 ms task of the fresh (cold) process, and idle memory.
     */
    private static ReadyFigures flagRows(Path cacheDir, Calibration calibration, long iterations) throws Exception {
        List<String> log = List.of("-Xlog:disable", "-Xlog:all=warning:stderr");
        Map<String, WorkerLauncher> sets = new java.util.LinkedHashMap<>();
        sets.put("JVM defaults", WorkerLauncher.create(cacheDir, false, DEFAULT_FLAGS));
        sets.put("+ -XX:+UseSerialGC", WorkerLauncher.create(cacheDir, false, with(log, "-XX:+UseSerialGC")));
        sets.put("+ -XX:TieredStopAtLevel=1", WorkerLauncher.create(cacheDir, false,
                with(log, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1")));
        sets.put("the app's flags, no AOT cache", WorkerLauncher.create(cacheDir, false, WorkerLauncher.FLAGS));
        long trainStart = System.nanoTime();
        WorkerLauncher app = WorkerLauncher.create(cacheDir, true, WorkerLauncher.FLAGS);
        System.out.printf("(AOT cache %s in %.0f ms)%n", app.usesAotCache() ? "built" : "NOT built",
                (System.nanoTime() - trainStart) / 1e6);
        sets.put("the app's flags + AOT cache (what the app uses)", app);
        sets.put("  same + -XX:CICompilerCount=1", WorkerLauncher.create(cacheDir, true,
                with(WorkerLauncher.FLAGS, "-XX:CICompilerCount=1")));
        sets.put("  same + -Xint (no JIT at all)", WorkerLauncher.create(cacheDir, true,
                with(WorkerLauncher.FLAGS, "-Xint")));
        sets.put("  app flags with C2 (tiered) + AOT cache", WorkerLauncher.create(cacheDir, true,
                WorkerLauncher.FLAGS.stream().filter(f -> !f.startsWith("-XX:TieredStopAtLevel")).toList()));
        Map<String, List<double[]>> samples = new java.util.LinkedHashMap<>();
        for (int i = 0; i < READY_SAMPLES; i++) {
            for (var set : sets.entrySet()) {
                samples.computeIfAbsent(set.getKey(), k -> new ArrayList<>()).add(startOnce(set.getValue(), calibration, iterations));
            }
        }
        System.out.printf("Worker start, median of %d, interleaved:%n  %-50s %9s %12s %16s %9s%n", READY_SAMPLES,
                "flags", "ready ms", "CPU by then", "first 5 ms task", "idle MiB");
        samples.forEach((label, rows) -> System.out.printf("  %-50s %9.1f %12.0f %16.1f %9.1f%n", label,
                column(rows, 0), column(rows, 1), column(rows, 2), column(rows, 3)));
        System.out.println("  (CPU by then: the whole process, JIT and GC threads included, in the kernel's 10 ms"
                + " ticks; first task: wall time of a fresh process's first 5 ms task, cold JIT)");
        return new ReadyFigures(column(samples.get("JVM defaults"), 0),
                column(samples.get("the app's flags + AOT cache (what the app uses)"), 0));
    }

    private static List<String> with(List<String> flags, String... more) {
        List<String> all = new ArrayList<>(List.of(more));
        all.addAll(flags);
        return all;
    }

    /** One fresh worker: ready ms, CPU ms by then, its first 5 ms task in ms, idle RSS in MiB. */
    private static double[] startOnce(WorkerLauncher launcher, Calibration c, long iterations) throws Exception {
        WorkerProcess w = WorkerProcess.start(launcher);
        try {
            double ready = w.readyTime().toNanos() / 1e6;
            double cpu = w.cpuNanos() / 1e6;
            long start = System.nanoTime();
            w.send(new lab.gil.process.Message.RunTask(1, 0, c.nsPerIteration(), c.roundsPerIteration(),
                    c.nsPerRound(), c.warmShare(), 0, 5_000_000, "cpu " + iterations,
                    List.of(), List.of(), ""));
            while (!(w.receive().message() instanceof lab.gil.process.Message.TaskDone)) {
                // state batches until the task's end
            }
            return new double[] {ready, cpu, (System.nanoTime() - start) / 1e6, w.idleRssBytes() / (1024.0 * 1024)};
        } finally {
            w.close();
        }
    }

    private static double column(List<double[]> rows, int index) {
        return median(rows.stream().map(r -> r[index]).toList());
    }

    private static Scenario scenario(String executor, int tasks, String program) {
        Map<String, String> knobs = new HashMap<>(Map.of("executor", executor, "workers", "2",
                "tasks", Integer.toString(tasks), "programs", program));
        if (tasks == 1) {
            knobs.put("workers", "1");
        }
        return switch (ScenarioParser.parse(knobs)) {
            case ScenarioParser.Result.Valid(Scenario s) -> s;
            case ScenarioParser.Result.Invalid(Map<String, String> errors) -> throw new IllegalArgumentException(errors.toString());
        };
    }

    private static Measurement execute(WorkerPool pool, Calibration calibration, Scenario scenario) throws Exception {
        return new ProcessExecution(scenario, pool, calibration, Duration.ofMillis(100))
                .execute(() -> false, Duration.ofMinutes(2), (tasks, iterations, elapsed) -> {});
    }

    private static double wallMillis(WorkerPool pool, Calibration calibration, String executor, int tasks,
                                     String program) throws Exception {
        execute(pool, calibration, scenario(executor, 2, program)); // warm the pool and the code paths
        return execute(pool, calibration, scenario(executor, tasks, program)).wallNanos() / 1e6;
    }

    /** One column of the table. */
    static final class Timings {
        double ready = Double.NaN;
        double perTask;
        double pool;
    }

    private static Map<String, Timings> cpython(long iterations) throws IOException, InterruptedException {
        Path script = Files.createTempFile("process_bench", ".py");
        try (var in = ProcessBenchmark.class.getResourceAsStream("/bench/process_bench.py")) {
            Files.write(script, in.readAllBytes());
        }
        Process p;
        try {
            p = new ProcessBuilder("python3", "-S", script.toString(), Long.toString(iterations), "5",
                    Integer.toString(TASKS))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            System.out.println("\npython3 not found: CPython columns skipped");
            return Map.of();
        }
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (!p.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            System.out.println("\npython3 failed: CPython columns skipped");
            return Map.of();
        }
        Files.deleteIfExists(script);
        Map<String, Timings> columns = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String[] w = line.trim().split(" ");
            if (w[0].equals("python")) {
                System.out.println("\nCPython " + w[1] + " (python3 -S)");
                continue;
            }
            Timings t = columns.computeIfAbsent(w[0], m -> new Timings());
            double value = Double.parseDouble(w[w.length - 1]);
            switch (w[1]) {
                case "pool_ready_ms" -> t.ready = value;
                case "per_task_ms" -> t.perTask = value;
                case "pool_ms" -> t.pool = value;
                default -> { }
            }
        }
        return columns;
    }

    private static void print(double javaReady, double defaultReady, Timings java, Map<String, Timings> python) {
        List<String> names = new ArrayList<>(List.of("GIL Lab"));
        List<Timings> columns = new ArrayList<>(List.of(java));
        java.ready = javaReady;
        python.forEach((name, t) -> {
            names.add("CPython " + name);
            columns.add(t);
        });
        System.out.println();
        StringBuilder header = new StringBuilder(String.format("%-40s", "ms (median)"));
        names.forEach(n -> header.append(String.format("%18s", n)));
        System.out.println(header);
        row("worker ready / pool(1) first answer", columns, t -> t.ready);
        row(TASKS + " x 5 ms, a process per task (2 at once)", columns, t -> t.perTask);
        row(TASKS + " x 5 ms, a pool of 2", columns, t -> t.pool);
        row("  ratio per-task / pool", columns, t -> t.perTask / t.pool);
        System.out.printf("%nTargets: a worker ready in at most half of CPython's spawn pool start%s; per-task/pool of"
                        + " the same shape as CPython's.%nDefault JVM flags would give %.1f ms.%n",
                python.containsKey("spawn") ? String.format(" (%.1f ms vs %.1f ms: %s)", javaReady,
                        python.get("spawn").ready, javaReady <= python.get("spawn").ready / 2 ? "met" : "NOT met") : "",
                defaultReady);
    }

    private static void row(String label, List<Timings> columns, java.util.function.ToDoubleFunction<Timings> value) {
        StringBuilder line = new StringBuilder(String.format("%-40s", label));
        for (Timings t : columns) {
            line.append(String.format("%18.2f", value.applyAsDouble(t)));
        }
        System.out.println(line);
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }
}
