package lab.gil.run.calibration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the server five times, as an instructor would, and prints what each start calibrated one emulated loop
 * iteration to (the CPython figure, and the eval loop's own cost timed right after), with the spread over the
 * starts: the target is within 10%. Beside each start it runs, at the very moment the server starts, the probe the
 * server used before (the best of three countdowns of a million iterations), to show what timing CPython while the
 * server's own start-up keeps the cores busy gives.
 *
 * <p>Bounded: each start is given {@link #START_TIMEOUT}, then killed; five starts take about a minute.
 * Run: {@code ./mvnw -q test-compile exec:exec@calibration-bench}.
 */
public final class CalibrationBenchmark {

    private static final int STARTS = 5;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern CALIBRATED = Pattern.compile(
            "Emulated bytecode calibrated: ([0-9.]+) ns/iteration \\(([A-Z_]+)(?:, CPython ([^)]+))?\\).*"
                    + "waited (\\d+) ms for the JVM to be quiet.*measured in (\\d+) ms.*an emulated iteration took ([0-9.]+) ns");
    /** What the server did before: the best of three countdowns of a million iterations, while it started. */
    private static final String OLD_PROBE = """
            import time
            def countdown(n):
                while n > 0:
                    n -= 1
            best = 1e9
            for _ in range(3):
                t = time.perf_counter()
                countdown(1000000)
                best = min(best, time.perf_counter() - t)
            print(best / 1000000 * 1e9)
            """;

    private CalibrationBenchmark() {}

    private record Start(double nsPerIteration, String source, String cpython, long quietWaitMillis,
                         long measureMillis, double emulatedNs, double oldProbeNs, double loadAverage) {}

    public static void main(String[] args) throws Exception {
        System.out.printf("Calibration over %d server starts (%d cores, load average %.1f before the first)%n", STARTS,
                Runtime.getRuntime().availableProcessors(), loadAverage());
        List<Start> starts = new ArrayList<>();
        for (int i = 0; i < STARTS; i++) {
            Start s = startOnce();
            starts.add(s);
            System.out.printf("start %d: %6.2f ns/iteration (%s%s), emulated iteration %6.2f ns; waited %4d ms for "
                            + "quiet, measured in %4d ms; old probe during start-up %6.2f ns; load average %.1f%n",
                    i + 1, s.nsPerIteration(), s.source(), s.cpython() == null ? "" : ", CPython " + s.cpython(),
                    s.emulatedNs(), s.quietWaitMillis(), s.measureMillis(), s.oldProbeNs(), s.loadAverage());
        }
        report("calibrated (CPython)", starts.stream().mapToDouble(Start::nsPerIteration).toArray());
        report("emulated iteration", starts.stream().mapToDouble(Start::emulatedNs).toArray());
        report("old probe during start-up", starts.stream().mapToDouble(Start::oldProbeNs).toArray());
    }

    private static void report(String what, double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted[sorted.length / 2];
        double spread = (sorted[sorted.length - 1] - sorted[0]) / median;
        System.out.printf("%-27s median %6.2f ns, min %6.2f, max %6.2f, spread (max-min)/median %5.1f%% %s%n", what,
                median, sorted[0], sorted[sorted.length - 1], spread * 100, spread <= 0.10 ? "(within 10%)" : "(NOT within 10%)");
    }

    private static Start startOnce() throws IOException, InterruptedException {
        double load = loadAverage();
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "lab.gil.GilLabApplication", "--server.address=127.0.0.1", "--server.port=0",
                "--logging.level.root=WARN", "--logging.level.lab.gil.run.calibration.CalibrationConfig=INFO")
                .redirectErrorStream(true).start();
        Process oldProbe = new ProcessBuilder("python3", "-S", "-c", OLD_PROBE).redirectErrorStream(true).start();
        try {
            Matcher m = awaitCalibration(server);
            double old = Double.NaN;
            if (oldProbe.waitFor(30, TimeUnit.SECONDS)) {
                String out = new String(oldProbe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                old = out.isEmpty() ? Double.NaN : Double.parseDouble(out);
            }
            return new Start(Double.parseDouble(m.group(1)), m.group(2), m.group(3), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5)), Double.parseDouble(m.group(6)), old, load);
        } finally {
            oldProbe.destroyForcibly();
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** Reads the server's output until its calibration line; fails after {@link #START_TIMEOUT}. */
    private static Matcher awaitCalibration(Process server) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Thread watchdog = Thread.ofPlatform().daemon().start(() -> {
            try {
                if (!server.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    server.destroyForcibly(); // ends the read below
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && System.nanoTime() < deadline; line = out.readLine()) {
                Matcher m = CALIBRATED.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        } finally {
            watchdog.interrupt();
        }
        throw new IllegalStateException("the server printed no calibration within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
