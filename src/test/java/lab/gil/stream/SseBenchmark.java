package lab.gil.stream;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.security.PageSession;
import lab.gil.security.TestInstructor;

/**
 * 500 browsers watching one run over server-sent events on loopback: the server's CPU, how late events arrive,
 * and whether a healthy viewer loses any.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@sse-bench}. The app runs in a JVM of its own, so that its CPU
 * time is the server's alone. A one-worker run of the scenario goes first (the baseline the speedup needs, so the
 * measured run has no baseline phase); then a long I/O run holds the queue while the viewers connect to the
 * measured run, queued behind it, so that every viewer sees the run from its first event; it is stopped once all
 * are connected. Delivery lag is measured on progress events: arrival time minus the server's instant for it (the
 * lanes' start epoch plus the progress event's elapsed time), both on this machine's clock. Bounded: at most
 * {@link #DEADLINE} in all; the app is stopped at the end.
 */
public final class SseBenchmark {

    private static final int VIEWERS = 500;
    private static final int CLIENTS = 8;
    private static final Duration DEADLINE = Duration.ofSeconds(180);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Four threads sharing a 40-million-iteration countdown under the GIL: a few seconds of hand-overs. */
    private static final String SCENARIO = "executor=threads&tasks=4&programs=cpu+40000000&split=true&gil=gil&switchInterval=5";
    private static final Pattern RUN_ID = Pattern.compile("data-run-id=\"([0-9a-f]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z]+)\"");
    private static final Pattern NUMBER = Pattern.compile("\"%s\":(-?[0-9.]+)");

    private SseBenchmark() {}

    public static void main(String[] args) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        int port = freePort();
        Path log = Files.createDirectories(Path.of("target")).resolve("sse-bench-server.log");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "lab.gil.GilLabApplication", "--server.address=127.0.0.1", "--server.port=" + port,
                "--logging.level.root=WARN", "--gillab.runs.time-limit=60s",
                "--" + TestInstructor.HASH_PROPERTY, "--" + TestInstructor.SCRAPER_HASH_PROPERTY)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + port;
        // One session starts and stops the runs (a run may be stopped only by its own session), with its CSRF token.
        PageSession session = new PageSession(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor()), base, REQUEST_TIMEOUT);
        HttpClient http = session.client();
        try {
            awaitHealthy(http, base);
            System.out.printf("SSE benchmark: %d viewers of one run on loopback; server pid %d (log %s)%n",
                    VIEWERS, server.pid(), log);
            String baseline = submit(session, "workers=1&" + SCENARIO);
            awaitState(http, base, baseline, "done", deadline);
            String blocker = submit(session, "workers=1&programs=io+60s");
            String measured = submit(session, "workers=4&" + SCENARIO);

            List<Viewer> viewers = new ArrayList<>();
            ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
            CountDownLatch ended = new CountDownLatch(VIEWERS);
            // Several clients, each with its own selector thread, so that reading 500 streams is not one thread's job.
            List<HttpClient> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(REQUEST_TIMEOUT)
                        .executor(readers).build());
            }
            for (int i = 0; i < VIEWERS; i++) {
                Viewer v = new Viewer();
                viewers.add(v);
                HttpClient client = clients.get(i % CLIENTS);
                readers.submit(() -> v.watch(client, URI.create(base + "/events?run=" + measured), ended));
            }
            awaitSubscribers(http, base, VIEWERS, deadline);
            long cpuBefore = cpuNanos(server);
            long ownCpuBefore = ownCpuNanos();
            long wallBefore = System.nanoTime();
            session.post("/runs/" + blocker + "/stop", "");
            boolean allEnded = ended.await(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS);
            long wallNanos = System.nanoTime() - wallBefore;
            long cpuNanos = cpuNanos(server) - cpuBefore;
            long ownCpuAfter = ownCpuNanos();
            readers.shutdownNow();

            String run = get(http, base + "/runs/" + measured);
            double runCpuMillis = number(run, "cpuMillis");
            report(viewers, allEnded, wallNanos, cpuNanos, runCpuMillis, number(run, "wallMillis"));
            System.out.printf("the viewers' own JVM (pid %d) used %.0f ms CPU meanwhile, on the same cores%n",
                    ProcessHandle.current().pid(), (ownCpuAfter - ownCpuBefore) / 1e6);
        } finally {
            server.destroy();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static void report(List<Viewer> viewers, boolean allEnded, long wallNanos, long cpuNanos,
                               double runCpuMillis, double runWallMillis) {
        List<Long> lags = new ArrayList<>();
        int complete = 0;
        int dropped = 0;
        long events = 0;
        long lost = 0;
        for (Viewer v : viewers) {
            lags.addAll(v.lagsMillis);
            events += v.ids.size();
            lost += v.gaps();
            if (v.sawEnd) {
                complete++;
            } else {
                dropped++;
            }
        }
        Collections.sort(lags);
        double serverCpuMillis = cpuNanos / 1e6;
        System.out.printf("run: %.0f ms wall, its workers used %.0f ms CPU%n", runWallMillis, runCpuMillis);
        System.out.printf("server CPU while streaming: %.0f ms in %.0f ms wall (%.2f cores); minus the run's workers:"
                        + " %.0f ms (%.2f cores), %.1f us per event delivered%n",
                serverCpuMillis, wallNanos / 1e6, cpuNanos / (double) wallNanos, serverCpuMillis - runCpuMillis,
                (serverCpuMillis - runCpuMillis) / (wallNanos / 1e6),
                events == 0 ? 0 : (serverCpuMillis - runCpuMillis) * 1000 / events);
        System.out.printf("events delivered: %,d (%,d per viewer on average)%n", events, events / viewers.size());
        System.out.printf("delivery lag over %,d progress events: p50 %d ms, p99 %d ms, max %d ms%n", lags.size(),
                pct(lags, 0.50), pct(lags, 0.99), lags.isEmpty() ? -1 : lags.getLast());
        System.out.printf("viewers that saw the run to its end: %d of %d; cut off: %d; events lost by viewers"
                + " (gaps in ids): %d%s%n", complete, viewers.size(), dropped, lost, allEnded ? "" : " (deadline reached)");
    }

    /** One EventSource-like reader: records event ids, progress lags, and whether the run's end arrived. */
    static final class Viewer {
        final List<Long> ids = new ArrayList<>();
        final List<Long> lagsMillis = new ArrayList<>();
        final List<String[]> pendingProgress = new ArrayList<>();
        volatile boolean sawEnd;
        Long startEpochMillis;

        void watch(HttpClient http, URI uri, CountDownLatch ended) {
            try {
                HttpResponse<java.util.stream.Stream<String>> response = http.send(
                        HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
                String id = null;
                String name = null;
                StringBuilder data = new StringBuilder();
                for (var it = response.body().iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (name != null) {
                            dispatch(id, name, data.toString(), System.currentTimeMillis());
                        }
                        id = null;
                        name = null;
                        data.setLength(0);
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5));
                    }
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                // counted as cut off unless the end was seen
            } finally {
                ended.countDown();
            }
        }

        private void dispatch(String id, String name, String data, long receivedEpochMillis) {
            if (id != null) {
                ids.add(Long.parseLong(id));
            }
            switch (name) {
                case "lanes" -> {
                    startEpochMillis = (long) number(data, "startEpochMillis");
                    for (String[] p : pendingProgress) {
                        lag(p[0], Long.parseLong(p[1]));
                    }
                    pendingProgress.clear();
                }
                case "progress" -> {
                    if (startEpochMillis == null) {
                        pendingProgress.add(new String[] {data, Long.toString(receivedEpochMillis)});
                    } else {
                        lag(data, receivedEpochMillis);
                    }
                }
                case "state" -> {
                    Matcher m = STATE.matcher(data);
                    if (m.find() && List.of("done", "failed", "cancelled").contains(m.group(1))) {
                        sawEnd = true;
                    }
                }
                default -> { }
            }
        }

        private void lag(String progress, long receivedEpochMillis) {
            if (progress.contains("\"phase\":\"Running\"")) {
                lagsMillis.add(receivedEpochMillis - (startEpochMillis + (long) number(progress, "elapsedMillis")));
            }
        }

        /** Events missing between the first and the last id received, and before the first (ids start at 1). */
        long gaps() {
            if (ids.isEmpty()) {
                return 0;
            }
            long missing = ids.getFirst() - 1;
            for (int i = 1; i < ids.size(); i++) {
                missing += Math.max(0, ids.get(i) - ids.get(i - 1) - 1);
            }
            return missing;
        }
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile(String.format(NUMBER.pattern(), field)).matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static long cpuNanos(Process server) {
        return server.toHandle().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** This JVM's CPU time, read from the OS like the server's (ProcessHandle.current() reports it too coarsely here). */
    private static long ownCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitHealthy(HttpClient http, String base) throws Exception {
        Instant until = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(until)) {
            try {
                if (get(http, base + "/actuator/health").contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // the server is still starting
            }
            TimeUnit.MILLISECONDS.sleep(250); // polling a process we do not control; no event to wait on
        }
        throw new IllegalStateException("The app did not start within " + START_TIMEOUT);
    }

    private static void awaitState(HttpClient http, String base, String id, String state, Instant deadline)
            throws Exception {
        while (Instant.now().isBefore(deadline)) {
            Matcher m = STATE.matcher(get(http, base + "/runs/" + id));
            if (m.find() && m.group(1).equals(state)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException("Run " + id + " did not reach " + state + " in time");
    }

    private static void awaitSubscribers(HttpClient http, String base, int count, Instant deadline) throws Exception {
        Pattern gauge = Pattern.compile("gillab_sse_subscribers\\{[^}]*stream=\"run\"[^}]*} ([0-9.]+)");
        while (Instant.now().isBefore(deadline)) {
            Matcher m = gauge.matcher(get(http, base + "/actuator/prometheus"));
            if (m.find() && Double.parseDouble(m.group(1)) >= count) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("Not all " + count + " viewers connected in time");
    }

    private static String submit(PageSession session, String form) throws Exception {
        Matcher m = RUN_ID.matcher(session.post("/runs", form).body());
        if (!m.find()) {
            throw new IllegalStateException("The run was not accepted: " + form);
        }
        return m.group(1);
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                        .header("Authorization", PageSession.basicAuth(TestInstructor.SCRAPER, TestInstructor.PASSWORD))
                        .build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
