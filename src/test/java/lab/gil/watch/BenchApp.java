package lab.gil.watch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app started in a JVM of its own on loopback, for benchmarks: its CPU time is then the server's alone, read
 * from the OS. Stopped by {@link #close}.
 */
final class BenchApp implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern RUN_ID = Pattern.compile("data-run-id=\"([0-9a-f]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z]+)\"");

    final int port;
    final String base;
    final Process process;
    final Path log;
    /** A plain client without cookies: every request is a new browser session. */
    final HttpClient http;

    private BenchApp(int port, Process process, Path log) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
        this.process = process;
        this.log = log;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT)
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    /** Starts the app on 127.0.0.1:{@code port} with {@code extraArgs}, and waits until it answers its health check. */
    static BenchApp start(int port, String logName, String... extraArgs) throws Exception {
        return start(System.getProperty("java.class.path"), port, logName, extraArgs);
    }

    /** Starts the app from {@code classpath} (another build of it, to compare) on 127.0.0.1:{@code port}. */
    static BenchApp start(String classpath, int port, String logName, String... extraArgs) throws Exception {
        Path log = Files.createDirectories(Path.of("target")).resolve(logName);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED"));
        // For profiling the server, e.g. -Dbench.app.jvmArgs=-XX:StartFlightRecording
        String jvmArgs = System.getProperty("bench.app.jvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath,
                "lab.gil.GilLabApplication", "--server.address=127.0.0.1", "--server.port=" + port,
                "--logging.level.root=WARN"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        BenchApp app = new BenchApp(port, process, log);
        try {
            app.awaitHealthy();
        } catch (Exception e) {
            app.close();
            throw e;
        }
        return app;
    }

    /**
     * Waits until the server has calibrated its emulated bytecode (its log says so): the calibration keeps a core
     * busy for seconds after start-up, tens of seconds on a loaded machine, and would count as the server's cost.
     */
    void awaitCalibrated(Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            if (Files.readString(log).contains("Emulated bytecode calibrated")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("The server did not calibrate in time; see " + log);
    }

    /** The server process's CPU time so far (user and system, all its threads), in nanoseconds. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** This JVM's own CPU time, read from the OS like the server's. */
    static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private void awaitHealthy() throws Exception {
        Instant until = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The app exited at start; see " + log);
            }
            try {
                if (get("/actuator/health").contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling a process we do not control; no event to wait on
        }
        throw new IllegalStateException("The app did not start within " + START_TIMEOUT + "; see " + log);
    }

    /**
     * Submits a run from a url-encoded form as a new browser would: it opens a lesson page first (its session, and
     * its CSRF token when the server uses them), then posts. Returns the run's id.
     */
    String submit(String form) throws Exception {
        Visitor browser = new Visitor(http, base);
        browser.get("/lessons/cores-and-threads");
        String body = browser.postEncoded("/runs", form).body();
        Matcher m = RUN_ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("The run was not accepted: " + form + "\n" + body);
        }
        return m.group(1);
    }

    /** Waits until the run is no longer queued or running and returns its JSON. */
    String awaitEnd(String id, Instant deadline) throws Exception {
        while (Instant.now().isBefore(deadline)) {
            String json = get("/runs/" + id);
            Matcher m = STATE.matcher(json);
            if (m.find() && !m.group(1).equals("queued") && !m.group(1).equals("running")) {
                return json;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("Run " + id + " did not end in time");
    }

    String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    String post(String path, String form) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** A number field of a JSON text, the first after {@code after} (or from the start when null); NaN if absent. */
    static double number(String json, String after, String field) {
        int from = after == null ? 0 : json.indexOf("\"" + after + "\"");
        if (from < 0) {
            return Double.NaN;
        }
        Matcher m = Pattern.compile("\"" + Pattern.quote(field) + "\":(-?[0-9.eE+-]+)").matcher(json);
        return m.find(from) ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
