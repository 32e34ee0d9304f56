package lab.gil.run.process;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * The copying rows of the process benchmark: what passing 1, 10 and 100 MB to and from a worker process costs per
 * MiB here, beside CPython's pickling to a process on the same machine, and what handing over a shared buffer of
 * the same size costs. Sample by sample, a GIL Lab measurement is followed by CPython's of the same thing
 * ({@code src/test/resources/bench/copy_bench.py}, a child on a {@code Pipe} and a {@code Pool(1)}, both spawned),
 * so that both see the same machine; it prints medians.
 *
 * <p>What each row times, on both sides from the moment the sender starts to serialize an object that already
 * exists until the receiver holds its own copy:
 * <ul>
 *   <li><b>send</b>: GIL Lab, the "Data copied" time a one-task run of {@code send N} reports (the worker's reading
 *       of the argument from its first bytes in the pipe to a whole object); CPython, {@code conn.send(data)}
 *       (pickle.dumps and the pipe) until the child's {@code conn.recv()} (the pipe and pickle.loads) returned, on
 *       the monotonic clock both processes share.
 *   <li><b>recv</b>: the same the other way ({@code recv N}; the child's {@code conn.send} to the parent's
 *       {@code conn.recv}).
 *   <li><b>send, round trip</b>: GIL Lab, the wall time of a one-task {@code send N} run minus that of a
 *       {@code cpu 1} run; CPython, {@code pool.apply(len, (data,))} minus {@code pool.apply(len, (b"",))}, as
 *       the copying-vs-sharing lesson's Python times it. Everything a task submission adds for its data, on one clock.
 *   <li><b>share</b> (ms, not per MiB): GIL Lab, the worker's mapping of the block and reading its two ends
 *       ({@code share N}); CPython, the parent sending the block's name until the child has attached it and read
 *       its two ends.
 * </ul>
 * Target: GIL Lab within 1.5 times CPython per MiB at every size.
 */
final class CopyingBenchmark {

    private static final long MIB = 1024 * 1024;
    private static final long[] SIZES = {MIB, 10 * MIB, 100 * MIB};
    /** Samples per size: fewer for the big ones, which take seconds each on a busy machine. */
    private static final int[] SAMPLES = {9, 7, 5};
    private static final double TARGET_RATIO = 1.5;

    private final WorkerPool pool;
    private final Calibration calibration;

    private CopyingBenchmark(WorkerPool pool, Calibration calibration) {
        this.pool = pool;
        this.calibration = calibration;
    }

    /** Measures and prints the copying table; a pool of at least one idle worker makes every run use a warm one. */
    static void measure(WorkerPool pool, Calibration calibration) throws Exception {
        new CopyingBenchmark(pool, calibration).measureAndPrint();
    }

    /**
     * One row's samples, GIL Lab's and CPython's, in ms (NaN when CPython is absent); a copy row's medians are
     * per MiB and held to the target, a share row's are not.
     */
    private record Row(String label, double mib, boolean copy, List<Double> app, List<Double> python) {
        Row(String label, double mib, boolean copy) {
            this(label, mib, copy, new ArrayList<>(), new ArrayList<>());
        }

        double appMedian() {
            return median(app) / (copy ? mib : 1);
        }

        double pythonMedian() {
            return median(python) / (copy ? mib : 1);
        }
    }

    private void measureAndPrint() throws Exception {
        Map<String, Row> rows = new LinkedHashMap<>(); // by kind, then size: the table's order
        for (String kind : List.of("send %d MB", "recv %d MB", "send %d MB, round trip", "share %d MB (ms, not per MiB)")) {
            for (long size : SIZES) {
                String label = String.format(kind, size / MIB);
                rows.put(label, new Row(label, size / (double) MIB, !kind.startsWith("share")));
            }
        }
        try (CPython python = CPython.start()) {
            System.out.printf("%nCopying to and from a worker process, beside %s%s:%n", python.version(),
                    python.available() ? " (python3 -S), interleaved sample by sample" : "");
            for (int i = 0; i < SIZES.length; i++) {
                long size = SIZES[i];
                long mb = size / MIB;
                Row send = rows.get("send " + mb + " MB");
                Row recv = rows.get("recv " + mb + " MB");
                Row trip = rows.get("send " + mb + " MB, round trip");
                Row share = rows.get("share " + mb + " MB (ms, not per MiB)");
                for (int sample = -1; sample < SAMPLES[i]; sample++) { // sample -1 warms both sides up
                    boolean keep = sample >= 0;
                    Measurement sent = run("send " + size + "B");
                    double pipeSend = python.measure("pipe-send", size);
                    Measurement empty = run("cpu 1");
                    double poolSend = python.measure("pool-send", size);
                    Measurement received = run("recv " + size + "B");
                    double pipeRecv = python.measure("pipe-recv", size);
                    Measurement shared = run("share " + size + "B");
                    double pipeShare = python.measure("pipe-share", size);
                    if (keep) {
                        add(send, sent.copyNanos() / 1e6, pipeSend);
                        add(trip, (sent.wallNanos() - empty.wallNanos()) / 1e6, poolSend);
                        add(recv, received.copyNanos() / 1e6, pipeRecv);
                        add(share, shared.copyNanos() / 1e6, pipeShare);
                    }
                }
            }
        }
        print(rows.values());
    }

    private static void add(Row row, double app, double python) {
        row.app().add(app);
        row.python().add(python);
    }

    private Measurement run(String program) throws Exception {
        Scenario scenario = switch (ScenarioParser.parse(Map.of("executor", "processes", "workers", "1",
                "tasks", "1", "programs", program))) {
            case ScenarioParser.Result.Valid(Scenario s) -> s;
            case ScenarioParser.Result.Invalid(Map<String, String> errors) -> throw new IllegalArgumentException(errors.toString());
        };
        return new ProcessExecution(scenario, pool, calibration, Duration.ofMillis(100))
                .execute(() -> false, Duration.ofMinutes(2), (tasks, iterations, elapsed) -> {});
    }

    private static void print(Iterable<Row> rows) {
        System.out.printf("%-40s%12s%12s%9s%n", "ms per MiB (median)", "GIL Lab", "CPython", "ratio");
        boolean allMet = true;
        for (Row row : rows) {
            double app = row.appMedian(), python = row.pythonMedian(), ratio = app / python;
            boolean held = row.copy() && !Double.isNaN(ratio);
            allMet &= !held || ratio <= TARGET_RATIO;
            String verdict = !held ? "" : ratio <= TARGET_RATIO ? "  within 1.5x" : "  NOT within 1.5x";
            System.out.printf("%-40s%12.3f%12.3f%9.2f%s%n", row.label(), app, python, ratio, verdict);
        }
        System.out.printf("Samples: %s per size (1, 10, 100 MB), after one warm-up each. Target: GIL Lab's copies "
                + "within %.1fx of CPython's per MiB at every size: %s.%n", java.util.Arrays.toString(SAMPLES),
                TARGET_RATIO, allMet ? "met" : "NOT met");
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    }

    /** CPython's side: {@code copy_bench.py} running, answering one measurement per command; NaN when absent. */
    private static final class CPython implements AutoCloseable {
        private final Process process;
        private final BufferedWriter commands;
        private final BufferedReader answers;
        private final String version;
        private final Path script;

        private CPython(Process process, Path script) throws IOException {
            this.process = process;
            this.script = script;
            this.commands = process == null ? null
                    : new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            this.answers = process == null ? null
                    : new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = answers == null ? null : answers.readLine();
            this.version = first == null ? "no CPython (python3 not found or failed)" : "CPython " + first.split(" ")[1];
        }

        static CPython start() throws IOException {
            Path script = Files.createTempFile("copy_bench", ".py");
            try (var in = CopyingBenchmark.class.getResourceAsStream("/bench/copy_bench.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process p;
            try {
                p = new ProcessBuilder("python3", "-S", script.toString())
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                p = null;
            }
            return new CPython(p, script);
        }

        boolean available() {
            return process != null && version.startsWith("CPython");
        }

        String version() {
            return version;
        }

        /** One measurement in ms; NaN when CPython is absent. */
        double measure(String command, long size) throws IOException {
            if (!available()) {
                return Double.NaN;
            }
            commands.write(command + " " + size + "\n");
            commands.flush();
            String answer = answers.readLine();
            if (answer == null) {
                throw new IOException("copy_bench.py ended before answering " + command);
            }
            return Double.parseDouble(answer.trim());
        }

        @Override
        public void close() throws IOException, InterruptedException {
            if (process != null) {
                try {
                    commands.write("quit\n");
                    commands.flush();
                } catch (IOException e) {
                    // It has gone already.
                }
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
            Files.deleteIfExists(script);
        }
    }
}
