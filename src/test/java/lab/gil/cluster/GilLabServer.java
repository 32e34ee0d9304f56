package lab.gil.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One GIL Lab server as a real process: the packaged jar started with {@code java -jar} on a loopback port, the way a
 * self-hoster runs it, so that killing it is a real kill. Its log goes to a file under {@code target/}.
 */
public final class GilLabServer implements AutoCloseable {

    /** A quiet machine starts a server in about 10 s; one shared by eight builds took over 3 minutes, one at a load of 45 four and a half. For failures only. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(600);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern RUN_ID = Pattern.compile("data-run-id=\"([0-9a-f]+)\"");

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private GilLabServer(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Settings that keep a server's machine measurement in one file shared by every server started with them, and
     * use it where it was made for the same machine, JVM, build and CPython: the first server to start measures,
     * the others (and a server started again) run with its figures at once. For tests whose servers are not about
     * the measurement: it takes 30-45 s of both cores, and two servers measuring at once measured each other.
     */
    public static final Map<String, String> ONE_MEASUREMENT = Map.of("gillab.machine.measurement-file",
            Path.of("target", "servers-data", "machine-measurement.json").toAbsolutePath().toString());

    /** The packaged jar, as failsafe names it (system property {@code gillab.jar}), or the one in {@code target/}. */
    public static Path jar() {
        String given = System.getProperty("gillab.jar");
        if (given != null) {
            return Path.of(given);
        }
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("gil-lab-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No target/gil-lab-*.jar: run ./mvnw package first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a server on {@code port} that shares the PostgreSQL at {@code jdbcUrl} with the others. */
    public static GilLabServer startInCluster(String name, int port, String jdbcUrl, Map<String, String> more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("gillab.cluster.enabled", "true");
        settings.put("spring.datasource.url", jdbcUrl);
        settings.put("spring.datasource.username", lab.gil.db.TestPostgres.get().user());
        settings.putAll(more);
        return start(name, port, settings);
    }

    /**
     * Starts a lone server on {@code port} with its embedded database in a data folder of its own under
     * {@code target/}, made empty first.
     */
    public static GilLabServer startAlone(String name, int port, Map<String, String> more) {
        Path data = Path.of("target", "servers-data", name).toAbsolutePath();
        try {
            if (Files.exists(data)) {
                try (var paths = Files.walk(data)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("gil-lab.data-dir", data.toString());
        settings.putAll(more);
        return start(name, port, settings);
    }

    private static GilLabServer start(String name, int port, Map<String, String> more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("server.address", "127.0.0.1");
        settings.put("server.port", Integer.toString(port));
        // One instructor and one scraper for every server, as the compose stack configures them.
        settings.put("gil-lab.instructor.password-hash", lab.gil.security.TestInstructor.PASSWORD_HASH);
        settings.put("gil-lab.metrics.password-hash", lab.gil.security.TestInstructor.PASSWORD_HASH);
        // A data folder of its own, as every test's: never the checkout's ./data (CheckoutDataUntouched).
        settings.put("gil-lab.data-dir", lab.gil.testdata.TestDataFolder.create(name).toString());
        settings.putAll(more);
        return start(name, List.of(), settings, Path.of("target", "cluster-servers"));
    }

    /**
     * Starts a server of its own (its own data folder under {@code target/}, no cluster) on {@code port}, its
     * {@code java} command preceded by {@code launcher} (such as {@code taskset -c 0}, which gives it one core).
     */
    public static GilLabServer startAlone(String name, int port, List<String> launcher, Map<String, String> more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("server.address", "127.0.0.1");
        settings.put("server.port", Integer.toString(port));
        settings.put("gil-lab.data-dir", Path.of("target", "servers", name, "data").toAbsolutePath().toString());
        settings.put("gil-lab.instructor.password-hash", lab.gil.security.TestInstructor.PASSWORD_HASH);
        // Measured at every start, as the benchmarks and the lessons' verdicts want: this folder outlives a build.
        settings.put("gillab.machine.measurement-kept-for", "0s");
        settings.putAll(more);
        return start(name, launcher, settings, Path.of("target", "servers"));
    }

    /** Starts {@code java -jar} of the packaged jar after {@code launcher}, its log in {@code logs}; waits until healthy. */
    private static GilLabServer start(String name, List<String> launcher, Map<String, String> settings, Path logs) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar().toString()));
        settings.forEach((k, v) -> command.add("--" + k + "=" + v));
        GilLabServer server;
        try {
            Path log = Files.createDirectories(logs).resolve(name + ".log");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            server = new GilLabServer(name, Integer.parseInt(settings.get("server.port")), p, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            server.awaitHealthy();
            return server;
        } catch (RuntimeException e) {
            server.close(); // a server that never became healthy is stopped, not left behind
            throw e;
        }
    }

    /** A loopback port nobody listens on now. */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited (" + process.exitValue() + ") while starting:\n" + logTail());
            }
            try {
                if (get("/actuator/health").body().contains("\"status\":\"UP\"")) {
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // Not listening yet.
            }
            try {
                process.waitFor(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while " + name + " started", e);
            }
        }
        throw new IllegalStateException(name + " did not become healthy within " + START_TIMEOUT + ":\n" + logTail());
    }

    /**
     * Waits until the server has measured its machine (its lesson pages then list what work costs, and it claims
     * runs from a shared queue); returns how long that took.
     */
    public Duration awaitMeasured(Duration limit) throws IOException, InterruptedException {
        long started = System.nanoTime();
        while (System.nanoTime() - started < limit.toNanos()) {
            try {
                if (get("/lessons/cores-and-threads").body().contains("id=\"machine-costs\"")) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (java.net.http.HttpTimeoutException e) {
                // A server measuring on one core can be slow to answer: asked again.
            }
            Thread.sleep(500); // the measurement announces nothing else when it is done
        }
        throw new AssertionError(name + " had not measured its machine after " + limit);
    }

    public HttpResponse<String> get(String path) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A page session of this server's: a browser of its own, with its cookies and CSRF token. */
    public lab.gil.security.PageSession session() {
        return new lab.gil.security.PageSession(url(""), REQUEST_TIMEOUT);
    }

    /** Posts {@code form} as a new visitor would (a session of its own, with its CSRF token). */
    public HttpResponse<String> post(String path, Map<String, String> form) throws IOException {
        try {
            return session().post(path, formBody(form));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** {@code form} encoded as a browser posts it. */
    public static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Presses Run with these knobs, as the lesson form does; returns the new run's id. */
    public String submitRun(Map<String, String> knobs) throws IOException {
        HttpResponse<String> response = post("/runs", knobs);
        Matcher m = RUN_ID.matcher(response.body());
        if (response.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException(name + " answered Run with " + response.statusCode() + ": " + response.body());
        }
        return m.group(1);
    }

    /** The sum of a Prometheus counter's series on this server, e.g. {@code gillab_runs_started_total}. */
    public double counter(String metric) throws IOException {
        double sum = 0;
        HttpResponse<String> scraped;
        try {
            scraped = session().get("/actuator/prometheus", "Authorization", lab.gil.security.PageSession.basicAuth(
                    lab.gil.security.TestInstructor.SCRAPER, lab.gil.security.TestInstructor.PASSWORD));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        for (String line : scraped.body().split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /**
     * Sends SIGTERM, as {@code docker stop} does, and waits until the process has exited (a kill after
     * {@code limit}); returns how long it took to exit.
     */
    public Duration terminate(Duration limit) throws InterruptedException {
        long sent = System.nanoTime();
        process.destroy();
        if (!process.waitFor(limit.toNanos(), TimeUnit.NANOSECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not exit within " + limit + " of SIGTERM:\n" + logTail());
        }
        return Duration.ofNanos(System.nanoTime() - sent);
    }

    /** The server's whole log so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process at once (SIGKILL), as a crash or a pulled plug would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server as {@code docker stop} would (SIGTERM, then a kill if it hangs). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
