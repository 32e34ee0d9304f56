package lab.gil.run.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * The oversubscription rows of the process and fidelity benchmarks: the same countdown total split over P = 1, 2,
 * 4, 16 and 64 worker processes, beside CPython's {@code Pool(P)}, time relative to P = 2 and involuntary context
 * switches, CPython and GIL Lab interleaved round by round, medians of the rounds.
 *
 * <p>"Net" leaves the start of the processes and their join out, as a run's clock does here (its workers are
 * leased, started and warmed up, before it starts); "gross" keeps them in: {@code Pool(P)} to {@code join()},
 * and here the lease (with its start-ups and warm-ups) to the release. The pool keeps as many idle workers as the
 * app does by default, so a 64-process round starts the workers beyond them again, as a student's run would.
 */
public final class OversubscriptionBench {

    /** The process counts of the oversubscription lesson. */
    public static final int[] PROCESSES = {1, 2, 4, 16, 64};
    /** The count every time is compared with: one process per core on the machines this was written for. */
    private static final int REFERENCE = 2;
    /** Target of the net ratios against CPython's: within 15%. */
    private static final double TOLERANCE = 0.15;
    /** Idle workers kept between runs, as {@code gillab.processes.max-idle} by default. */
    private static final int MAX_IDLE = 16;
    private static final long PYTHON_TIMEOUT_SECONDS = 300;
    /** Set once CPython's version line has been printed: every round prints it. */
    private static final java.util.concurrent.atomic.AtomicBoolean CPYTHON_VERSION_PRINTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    private OversubscriptionBench() {}

    /** The rows alone: {@code java -cp target/classes:target/test-classes lab.gil.run.process.OversubscriptionBench}. */
    public static void main(String[] args) throws Exception {
        Calibration calibration = Calibration.measure();
        System.out.println("Calibration: " + calibration);
        measureAndPrint(calibration, Long.getLong("bench.oversubscription.total", 20_000_000L),
                Integer.getInteger("bench.oversubscription.rounds", 5));
    }

    /** One side's figures of one round, by process count. */
    private record Round(Map<Integer, Double> net, Map<Integer, Double> gross, Map<Integer, Long> netInvoluntary,
                         Map<Integer, Long> grossInvoluntary) {
        static Round empty() {
            return new Round(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
        }
    }

    /**
     * Runs {@code rounds} interleaved rounds (CPython, then GIL Lab) of {@code total} countdown iterations and
     * prints the table; CPython's columns are left empty when python3 is absent.
     */
    public static void measureAndPrint(Calibration calibration, long total, int rounds) throws Exception {
        System.out.printf("%nOversubscription: %,d countdown iterations split over P processes, P tasks, %d rounds"
                + " interleaved (CPython Pool(P), then GIL Lab), medians%n", total, rounds);
        Path cacheDir = Files.createTempDirectory("gil-lab-oversubscription-");
        WorkerPool pool = new WorkerPool(WorkerLauncher.create(cacheDir, true), MAX_IDLE);
        List<Round> cpython = new ArrayList<>();
        List<Round> gilLab = new ArrayList<>();
        List<Map<Integer, Double>> leaseMillis = new ArrayList<>();
        try {
            for (int r = 0; r < rounds; r++) {
                Round c = cpythonRound(total);
                if (c != null) {
                    cpython.add(c);
                }
                Map<Integer, Double> lease = new HashMap<>();
                gilLab.add(gilLabRound(pool, calibration, total, lease));
                leaseMillis.add(lease);
                System.out.printf("  round %d: CPython net %s | GIL Lab net %s%n", r + 1,
                        c == null ? "-" : seconds(c.net()), seconds(gilLab.getLast().net()));
            }
        } finally {
            pool.shutdown();
        }
        print(cpython, gilLab, leaseMillis);
    }

    private static Round gilLabRound(WorkerPool pool, Calibration calibration, long total,
                                     Map<Integer, Double> leaseMillis) throws Exception {
        Round round = Round.empty();
        for (int p : PROCESSES) {
            Scenario scenario = scenario(p, total);
            long before = System.nanoTime();
            ProcessExecution execution = new ProcessExecution(scenario, pool, calibration, Duration.ofMillis(100));
            Measurement m = execution.execute(() -> false, Duration.ofMinutes(5), (tasks, iterations, elapsed) -> { });
            long gross = System.nanoTime() - before;
            round.net().put(p, m.wallNanos() / 1e9);
            round.gross().put(p, gross / 1e9);
            round.netInvoluntary().put(p, m.contextSwitches().involuntary());
            leaseMillis.put(p, (execution.startNanos() - before) / 1e6);
        }
        return round;
    }

    private static Scenario scenario(int processes, long total) {
        Map<String, String> knobs = Map.of("executor", "processes", "workers", Integer.toString(processes),
                "tasks", Integer.toString(processes), "programs", "cpu " + total, "split", "true");
        return switch (ScenarioParser.parse(knobs)) {
            case ScenarioParser.Result.Valid(Scenario s) -> s;
            case ScenarioParser.Result.Invalid(Map<String, String> errors) -> throw new IllegalArgumentException(errors.toString());
        };
    }

    /** One round of CPython's side, or null when python3 is absent or fails. */
    private static Round cpythonRound(long total) throws IOException, InterruptedException {
        Path script = Files.createTempFile("oversubscription_bench", ".py");
        try (var in = OversubscriptionBench.class.getResourceAsStream("/bench/oversubscription_bench.py")) {
            Files.write(script, in.readAllBytes());
        }
        List<String> command = new ArrayList<>(List.of("python3", "-S", script.toString(), Long.toString(total)));
        for (int p : PROCESSES) {
            command.add(Integer.toString(p));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException absent) {
            return null;
        }
        try {
            List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            if (!process.waitFor(PYTHON_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            Round round = Round.empty();
            for (String line : lines) {
                String[] w = line.trim().split(" ");
                if (line.startsWith("python ") && CPYTHON_VERSION_PRINTED.compareAndSet(false, true)) {
                    System.out.println("  CPython " + line.substring("python ".length()) + " (python3 -S; version, start method)");
                }
                if (w.length != 3 || !w[0].matches("p\\d+")) {
                    continue;
                }
                int p = Integer.parseInt(w[0].substring(1));
                switch (w[1]) {
                    case "net_s" -> round.net().put(p, Double.parseDouble(w[2]));
                    case "gross_s" -> round.gross().put(p, Double.parseDouble(w[2]));
                    case "net_invol" -> round.netInvoluntary().put(p, Long.parseLong(w[2]));
                    case "gross_invol" -> round.grossInvoluntary().put(p, Long.parseLong(w[2]));
                    default -> { }
                }
            }
            return round;
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(script);
        }
    }

    private static void print(List<Round> cpython, List<Round> gilLab, List<Map<Integer, Double>> leaseMillis) {
        boolean python = !cpython.isEmpty();
        System.out.println();
        System.out.printf("%4s %10s %10s %8s %10s %10s %12s %12s %12s %12s%n", "P", "CPy net", "GIL Lab",
                "target", "CPy gross", "Lab gross", "CPy invol", "Lab invol", "CPy gr.invol", "Lab lease ms");
        for (int p : PROCESSES) {
            double cNet = python ? medianRatio(cpython, Round::net, p) : Double.NaN;
            double lNet = medianRatio(gilLab, Round::net, p);
            String target = python ? (Math.abs(lNet / cNet - 1) <= TOLERANCE ? "met" : "NOT met") : "-";
            System.out.printf("%4d %9.2fx %9.2fx %8s %9.2fx %9.2fx %12.0f %12.0f %12.0f %12.0f%n", p, cNet, lNet, target,
                    python ? medianRatio(cpython, Round::gross, p) : Double.NaN, medianRatio(gilLab, Round::gross, p),
                    python ? median(cpython.stream().map(r -> (double) r.netInvoluntary().get(p)).toList()) : Double.NaN,
                    median(gilLab.stream().map(r -> (double) r.netInvoluntary().get(p)).toList()),
                    python ? median(cpython.stream().map(r -> (double) r.grossInvoluntary().get(p)).toList()) : Double.NaN,
                    median(leaseMillis.stream().map(m -> m.get(p)).toList()));
        }
        System.out.printf("Time relative to P = %d, median over the rounds of each round's ratio. P = %d took"
                        + " %.3f s (CPython net) and %.3f s (GIL Lab net), medians.%n", REFERENCE, REFERENCE,
                python ? median(cpython.stream().map(r -> r.net().get(REFERENCE)).toList()) : Double.NaN,
                median(gilLab.stream().map(r -> r.net().get(REFERENCE)).toList()));
        System.out.println("Involuntary switches: net counts the tasks' threads while they computed (both sides);"
                + " CPython's gross counts every child from start to exit. Lab lease: starting and warming the"
                + " workers the idle pool lacked, before the clock.");
        if (!python) {
            System.out.println("python3 not found: CPython columns empty.");
        }
    }

    private interface Figures {
        Map<Integer, Double> of(Round round);
    }

    private static double medianRatio(List<Round> rounds, Figures figures, int p) {
        return median(rounds.stream().map(r -> figures.of(r).get(p) / figures.of(r).get(REFERENCE)).toList());
    }

    private static String seconds(Map<Integer, Double> byP) {
        Map<Integer, String> ordered = new LinkedHashMap<>();
        for (int p : PROCESSES) {
            ordered.put(p, String.format("%.3f", byP.get(p)));
        }
        return ordered.toString();
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
