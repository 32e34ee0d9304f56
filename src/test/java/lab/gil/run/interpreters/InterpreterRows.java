package lab.gil.run.interpreters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.Calibration;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * The fidelity row of subinterpreters: the countdown split over two interpreters of a pool, over the same countdown
 * on one, in the emulation and in CPython 3.14's {@code InterpreterPoolExecutor} when a {@code python3.14} is on the
 * path (otherwise it prints that CPython's column was not measured, rather than a figure from elsewhere), run
 * interleaved pair by pair like the rest of the fidelity table; and what one interpreter cost to start on each side.
 *
 * <p>Runs alone with {@code java -cp target/classes:target/test-classes lab.gil.run.interpreters.InterpreterRows}
 * after {@code ./mvnw -q test-compile}; the fidelity benchmark prints the same rows.
 */
public final class InterpreterRows {

    private static final int PAIRS = Integer.getInteger("bench.interpreters.pairs", 3);
    /** About 0.2-0.5 s of CPython 3.14 on one interpreter here. */
    private static final long COUNTDOWN = 10_000_000;
    private static final Duration RUN_LIMIT = Duration.ofMinutes(2);

    /*
     * The pool pickles the function it runs by reference, and a subinterpreter's __main__ is not the script's: so the
     * countdown lives in a module of its own, found through PYTHONPATH by every interpreter. Not run here: this
     * project's machines have no CPython 3.14.
     */
    private static final String MODULE = """
            def countdown(n):
                while n > 0:
                    n -= 1
            def nothing(_):
                return None
            """;
    private static final String CPYTHON = """
            import sys, time
            from concurrent.futures import InterpreterPoolExecutor
            from gil_lab_countdown import countdown, nothing
            def timed(workers, total):
                with InterpreterPoolExecutor(max_workers=workers) as pool:
                    list(pool.map(nothing, range(workers)))  # interpreters made before the clock
                    t = time.perf_counter()
                    list(pool.map(countdown, [total // workers] * workers))
                    return time.perf_counter() - t
            total = int(sys.argv[1])
            print("one", timed(1, total))
            print("two", timed(2, total))
            """;

    private InterpreterRows() {
    }

    public static void main(String[] args) throws Exception {
        Calibration calibration = Calibration.measure();
        System.out.println("Calibration: " + calibration);
        print(calibration);
    }

    /** Measures and prints the rows. */
    public static void print(Calibration calibration) throws InterruptedException {
        boolean python314 = cpython(1000).isPresent();
        System.out.println(python314 ? "Subinterpreters: " + CPythonInterpreters.PYTHON + " found"
                : "Subinterpreters: " + CPythonInterpreters.PYTHON + " not found, CPython's column not measured"
                + " (InterpreterPoolExecutor needs CPython 3.14)");
        List<Double> emulation = new ArrayList<>();
        List<Double> cpython = new ArrayList<>();
        for (int pair = 0; pair < PAIRS; pair++) {
            if (python314) {
                cpython(COUNTDOWN).ifPresent(c -> cpython.add(c.get("two") / c.get("one")));
            }
            double one = wallSeconds(calibration, 1);
            double two = wallSeconds(calibration, 2);
            emulation.add(two / one);
            System.out.printf("  pair %d: emulation 2/1 %.3f%s%n", pair + 1, two / one,
                    python314 && !cpython.isEmpty() ? String.format(", CPython 3.14 2/1 %.3f", cpython.getLast()) : "");
        }
        System.out.printf("%-62s %12s %12s %8s%n", "experiment", "CPython 3.14", "emulation", "emu/CPy");
        System.out.printf("%-62s %12s %12.3f %8s%n", "countdown, 2 subinterpreters / 1 (ideal 0.5 on 2 free cores)",
                cpython.isEmpty() ? "not measured" : String.format("%.3f", median(cpython)), median(emulation),
                cpython.isEmpty() ? "-" : String.format("%.2f", median(emulation) / median(cpython)));
        InterpreterFigures started = (InterpreterFigures) execution(calibration, 2, "cpu 1000").figures;
        System.out.printf("%-62s %12s %12.1f%n", "one interpreter started (us)",
                started.cpython() == null ? "not measured" : String.format("%.1f", started.cpython().startMicros()),
                started.startMicrosMedian());
    }

    private record Executed(Measurement measurement, Object figures) {}

    private static Executed execution(Calibration calibration, int workers, String programs)
            throws InterruptedException {
        Scenario scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(Map.of("executor", "interpreters",
                "workers", String.valueOf(workers), "tasks", String.valueOf(workers), "programs", programs,
                "split", "true"))).scenario();
        Execution execution = new InterpretersKind().create(scenario, calibration, Duration.ofMillis(100), false);
        try {
            Measurement m = execution.execute(() -> false, RUN_LIMIT, (t, i, e) -> {});
            return new Executed(m, execution.figures(m).figures());
        } catch (EndedEarly e) {
            throw new IllegalStateException("the subinterpreters' run ended early: " + e.getMessage(), e);
        }
    }

    private static double wallSeconds(Calibration calibration, int workers) throws InterruptedException {
        return execution(calibration, workers, "cpu " + COUNTDOWN).measurement().wallNanos() / 1e9;
    }

    /** CPython 3.14's wall times on one and two interpreters; empty without a working python3.14. */
    private static java.util.Optional<Map<String, Double>> cpython(long total) {
        java.nio.file.Path dir = null;
        try {
            dir = java.nio.file.Files.createTempDirectory("gil-lab-interpreters-");
            java.nio.file.Files.writeString(dir.resolve("gil_lab_countdown.py"), MODULE);
            ProcessBuilder builder = new ProcessBuilder(CPythonInterpreters.PYTHON, "-S", "-B", "-c", CPYTHON,
                    Long.toString(total)).redirectErrorStream(true);
            builder.environment().put("PYTHONPATH", dir.toString());
            Process p = builder.start();
            p.getOutputStream().close();
            if (!p.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                return java.util.Optional.empty();
            }
            Map<String, Double> times = new java.util.HashMap<>();
            for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] w = line.trim().split("\\s+");
                if (w.length == 2) {
                    times.put(w[0], Double.parseDouble(w[1]));
                }
            }
            return times.containsKey("one") && times.containsKey("two") ? java.util.Optional.of(times)
                    : java.util.Optional.empty();
        } catch (IOException | RuntimeException absent) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        } finally {
            if (dir != null) {
                try (var files = java.nio.file.Files.list(dir)) {
                    for (java.nio.file.Path f : files.toList()) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                    java.nio.file.Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // a temporary folder left behind is harmless
                }
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2);
    }
}
