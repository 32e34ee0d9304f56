package lab.gil.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.gil.db.TestPostgres;
import lab.gil.security.PageSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two GIL Lab servers as real processes ({@code java -jar} of the packaged jar, as a self-hoster runs them) on one
 * real PostgreSQL: what the compose stack does, without containers. Real processes rather than two Spring contexts
 * in one JVM, because the point is a server killed mid-run: only a killed process stops its lease for real, and two
 * contexts in one JVM would share the cores' sampler, the worker pool's cache and static state.
 *
 * <p>Runs in {@code ./mvnw verify} (failsafe, after the jar is packaged); skipped with a message without PostgreSQL.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** Generous: a busy 2-core machine runs both servers, PostgreSQL and the runs. Only reached when broken. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z]+)\"");
    private static final Set<String> ENDED = Set.of("done", "failed", "cancelled");

    /**
     * Each server renews who is connected every second, so a student stops counting 3 s after the last renewal;
     * the servers keep one machine measurement between them, as servers sharing a data folder on one host do.
     */
    private static final Map<String, String> SETTINGS = withOneMeasurement(Map.of("gil-lab.classroom.heartbeat", "1s"));
    /** What a server logs when it measures the machine, and when it runs with a kept measurement instead. */
    private static final String MEASURING = "Emulated bytecode calibrated to";
    private static final String KEPT = "no measuring";
    private static final Duration PRESENCE_EXPIRY = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private static TestPostgres postgres;
    private static String database;
    private static GilLabServer serverA;
    private static GilLabServer serverB;
    /** The compose stack's own deploy/haproxy.cfg in front of both servers. */
    private static TestHaproxy haproxy;

    @BeforeAll
    static void startPostgresAndTwoServers() {
        postgres = TestPostgres.get();
        database = postgres.newDatabaseUrl();
        // Started together: a Spring start takes 10-70 s on a busy machine.
        var a = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> GilLabServer.startInCluster("server-a", 18108, database, SETTINGS));
        var b = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> GilLabServer.startInCluster("server-b", 18109, database, SETTINGS));
        serverA = a.join();
        serverB = b.join();
        // Each claims runs once it has measured its machine: the tests below want both claiming.
        for (GilLabServer server : List.of(serverA, serverB)) {
            try {
                System.out.printf("ClusterIT: %s measured its machine %d ms after it answered%n", server.name(),
                        server.awaitMeasured(RUN_TIMEOUT).toMillis());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(server.name() + " could not be asked whether it has measured", e);
            }
        }
    }

    private static Map<String, String> withOneMeasurement(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.putAll(GilLabServer.ONE_MEASUREMENT);
        return Map.copyOf(all);
    }

    @Test
    @Order(-1)
    void twoServersStartedTogetherOnOneMachineMeasureItOnce() throws Exception {
        List<String> logs = List.of(serverA.log(), serverB.log());
        // On a clean build one measures while the other waits for it; with a file kept by an earlier run of this
        // build on this machine, neither does.
        assertThat(logs.stream().filter(log -> log.contains(MEASURING)).count()).as("servers that measured")
                .isLessThanOrEqualTo(1);
        assertThat(logs).as("each server measured or ran with the kept measurement")
                .allSatisfy(log -> assertThat(log.contains(MEASURING) || log.contains(KEPT)).isTrue());
    }

    @AfterAll
    static void stopAll() {
        if (haproxy != null) {
            haproxy.close();
        }
        Stream.of(serverA, serverB).filter(java.util.Objects::nonNull).forEach(GilLabServer::close);
    }

    private static Map<String, String> run(String programs) {
        return Map.of("executor", "threads", "workers", "1", "programs", programs);
    }

    @Test
    @Order(0)
    void aClassSettingChangedOnOneServerReachesAStudentStreamingFromTheOtherWithinASecond() throws Exception {
        PageSession instructor = serverA.session().signInAsInstructor();
        PageSession student = serverB.session();
        HttpResponse<String> opened = send(instructor, "/instructor/classes", Map.of("lessonId", "cores-and-threads"));
        String code = opened.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        assertThat(code).matches("[A-Z2-9]{6}");
        assertThat(send(student, "/join", Map.of("code", code, "displayName", "Ada")).statusCode())
                .as("a student joins through the other server").isEqualTo(302);

        HttpResponse<Stream<String>> stream = student.client().send(HttpRequest.newBuilder(
                student.uri("/events?class=" + code)).build(), HttpResponse.BodyHandlers.ofLines());
        var lines = new java.util.concurrent.LinkedBlockingQueue<String>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (Stream<String> body = stream.body()) {
                body.filter(l -> l.startsWith("data:")).forEach(lines::add);
            } catch (RuntimeException hungUp) {
                // The test closed the stream.
            }
        });
        try {
            assertThat(awaitLine(lines, "\"locked\":false", RUN_TIMEOUT)).as("the class as it is, at once").isTrue();
            // A first change warms both servers' paths up (a cold page render alone took seconds on a crowded machine).
            send(instructor, "/instructor/classes/" + code + "/settings", Map.of("gil", "gil", "switchInterval", "5"));
            assertThat(awaitLine(lines, "\"locked\":true,\"gil\":\"gil\"", RUN_TIMEOUT)).isTrue();
            long sent = System.nanoTime();
            assertThat(send(instructor, "/instructor/classes/" + code + "/settings",
                    Map.of("gil", "free-threaded", "switchInterval", "2.5")).statusCode()).isEqualTo(200);
            assertThat(awaitLine(lines, "\"locked\":true,\"gil\":\"free-threaded\"", RUN_TIMEOUT)).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            System.out.println("ClusterIT: a class setting posted to A reached a student's stream on B in "
                    + took.toMillis() + " ms (the POST's own time included)");
            assertThat(took).as("setting on A to the student's stream on B").isLessThan(Duration.ofSeconds(1));
        } finally {
            reader.interrupt();
            stream.body().close();
        }
    }

    private static HttpResponse<String> send(PageSession browser, String path, Map<String, String> form)
            throws Exception {
        return browser.post(path, GilLabServer.formBody(form));
    }

    private static boolean awaitLine(java.util.concurrent.BlockingQueue<String> lines, String text, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String line = lines.poll(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS); line != null;
             line = lines.poll(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS)) {
            if (line.contains(text)) {
                return true;
            }
        }
        return false;
    }

    @Test
    @Order(1)
    void runsSubmittedToBothServersAreEachExecutedExactlyOnce() throws Exception {
        double startedBefore = serverA.counter("gillab_runs_started_total") + serverB.counter("gillab_runs_started_total");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add((i % 2 == 0 ? serverA : serverB).submitRun(run("io 300ms")));
        }
        for (int i = 0; i < ids.size(); i++) {
            // Asked of the server the run was not submitted to: any server answers for any run.
            GilLabServer other = i % 2 == 0 ? serverB : serverA;
            assertThat(awaitEnd(other, ids.get(i))).as("run %d", i).isEqualTo("done");
        }
        double started = serverA.counter("gillab_runs_started_total") + serverB.counter("gillab_runs_started_total");
        assertThat(started - startedBefore).as("runs started on both servers together").isEqualTo(8);
        assertThat(executors(ids)).as("each run executed by one server, both servers busy").hasSize(2);
    }

    @Test
    @Order(2)
    void pagesOnBothServersFollowARunLiveWithTheSameEventsAndResumeWithoutAGap() throws Exception {
        String id = serverA.submitRun(Map.of("executor", "threads", "workers", "2", "programs", "cpu 10000000\nio 500ms"));
        // Both pages open while the run waits or runs: one server executes it, the other relays it.
        var onA = java.util.concurrent.CompletableFuture.supplyAsync(() -> readStream(serverA, id, 0));
        var onB = java.util.concurrent.CompletableFuture.supplyAsync(() -> readStream(serverB, id, 0));
        List<String> eventsOnA = onA.get(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        List<String> eventsOnB = onB.get(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);

        assertThat(eventsOnA).as("the same events, ids and data on both servers").isEqualTo(eventsOnB);
        assertThat(eventsOnA.getLast()).contains(" state {\"state\":\"done\"");
        // A page is sent every event of the run but its summary, which no page draws (RunStreamPart): the ids
        // rise one by one, and the one id a page skips is the summary's.
        assertThat(eventsOnA).anySatisfy(e -> assertThat(e).contains(" lanes "))
                .noneSatisfy(e -> assertThat(e).contains(" summary "));
        List<Long> ids = eventsOnA.stream().map(e -> Long.parseLong(e.substring(0, e.indexOf(' ')))).toList();
        assertThat(ids.getFirst()).as("the first event's id").isEqualTo(1);
        assertThat(ids).as("ids rise").isSorted().doesNotHaveDuplicates();
        assertThat(ids.getLast() - ids.size()).as("ids skipped: the summary's alone").isEqualTo(1);
        assertThat(executors(List.of(id))).hasSize(1);

        // A page that saw three events comes back with Last-Event-ID after the run ended. The server that executed the
        // run still has its events and sends the rest; a server that only relayed it now reads the finished run back
        // from the database (its figures and lanes), whose stream has no history and ends at once. Never repeated,
        // never out of order.
        List<String> rest = eventsOnA.subList(3, eventsOnA.size());
        List<List<String>> resumed = List.of(readStream(serverA, id, 3), readStream(serverB, id, 3));
        assertThat(resumed).as("the executing server sends the rest").contains(rest)
                .allSatisfy(r -> assertThat(r).as("the rest, or nothing").isIn(rest, List.of()));
    }

    /** The stream a student's page opens, with its class. */
    private static String studentPageStream(String code) {
        return "/events?class=" + code;
    }

    /**
     * The test of a rolling restart: behind the compose stack's HAProxy, a class of 100 keeps pressing Run
     * while server A is stopped (SIGTERM, as {@code docker compose up} sends it) and started again.
     */
    @Test
    @Order(3)
    void aServerRestartedWhileAClassOf100KeepsPressingRunLosesNoRunAndNobodyNotices() throws Exception {
        final int students = 100;
        final int pressesEach = 3;
        haproxy = TestHaproxy.inFrontOf(List.of(serverA.port(), serverB.port()));
        PageSession instructor = new PageSession(haproxy.url(""), REQUEST_TIMEOUT).signInAsInstructor();
        HttpResponse<String> opened = send(instructor, "/instructor/classes", Map.of("lessonId", "cores-and-threads"));
        String code = opened.headers().firstValue("Location").orElseThrow().replaceAll(".*/", "");
        List<PageSession> class100 = new ArrayList<>();
        for (int i = 0; i < students; i++) {
            PageSession student = new PageSession(haproxy.url(""), REQUEST_TIMEOUT);
            assertThat(send(student, "/join", Map.of("code", code, "displayName", "Student " + i)).statusCode())
                    .isEqualTo(302);
            class100.add(student);
        }
        try (lab.gil.watch.SseViewers pages = new lab.gil.watch.SseViewers(haproxy.port(), (v, id, name, data, at) -> {})) {
            List<lab.gil.watch.SseViewers.Viewer> viewers = class100.stream()
                    .map(s -> pages.open(studentPageStream(code), "Cookie: " + cookies(s) + "\r\n")).toList();
            pages.awaitReceiving(viewers, java.time.Instant.now().plus(RUN_TIMEOUT));
            awaitConnected(instructor, code, students, RUN_TIMEOUT);

            // Every student presses Run, waits for the result, and presses again.
            java.util.concurrent.CountDownLatch everyonePressedOnce = new java.util.concurrent.CountDownLatch(students);
            List<String> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
            List<java.util.concurrent.Future<?>> pressing = new ArrayList<>();
            try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (PageSession student : class100) {
                    pressing.add(threads.submit(() -> {
                        for (int press = 0; press < pressesEach; press++) {
                            // Short runs: the servers run them one at a time, so 300 of them are the test's
                            // length (at 200 ms each, about 60 s), and a run under way at the SIGTERM is all
                            // the restart needs.
                            String id = submitRun(student, run("io 100ms"));
                            accepted.add(id);
                            if (press == 0) {
                                everyonePressedOnce.countDown();
                            }
                            awaitEnd(student, id);
                        }
                        return null;
                    }));
                }
                assertThat(everyonePressedOnce.await(RUN_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

                Duration stopped = serverA.terminate(RUN_TIMEOUT);
                System.out.printf("ClusterIT: server A exited %d ms after SIGTERM, %d pages told it was leaving%n",
                        stopped.toMillis(), viewers.stream().mapToLong(v -> v.toldLeaving.get()).sum());
                awaitBackOnAStream(viewers);
                long back = System.nanoTime();
                awaitConnected(instructor, code, students, PRESENCE_EXPIRY.plus(Duration.ofSeconds(1)));
                System.out.printf("ClusterIT: the console counted all %d students connected %d ms after their pages"
                        + " were back (expiry %d s)%n", students, (System.nanoTime() - back) / 1_000_000,
                        PRESENCE_EXPIRY.toSeconds());
                serverA = GilLabServer.startInCluster("server-a", 18108, database, SETTINGS);

                for (var press : pressing) {
                    press.get(RUN_TIMEOUT.toSeconds() * pressesEach, java.util.concurrent.TimeUnit.SECONDS);
                }
            }

            assertThat(accepted).as("every press was taken").hasSize(students * pressesEach);
            assertEveryRunRanOnceAndEndedDone(accepted);
            List<Long> away = viewers.stream().flatMap(v -> v.backAfterLeaving.stream()).toList();
            long movedPages = viewers.stream().filter(v -> v.toldLeaving.get() > 0).count();
            System.out.printf("ClusterIT: %d of %d student pages moved to the other server, without a stream for at"
                            + " most %d ms (median %d ms)%n", movedPages, students,
                    away.stream().mapToLong(Long::longValue).max().orElse(0) / 1_000_000,
                    away.stream().sorted().skip(away.size() / 2).findFirst().orElse(0L) / 1_000_000);
            assertThat(movedPages).as("pages that were on the restarted server").isPositive();
            assertThat(away).as("each moved page is back on a stream").hasSize((int) movedPages)
                    .allSatisfy(nanos -> assertThat(Duration.ofNanos(nanos)).isLessThan(Duration.ofSeconds(5)));
            awaitConnected(instructor, code, students, PRESENCE_EXPIRY.plus(Duration.ofSeconds(1)));
            HttpResponse<String> console = instructor.get("/instructor/classes/" + code);
            assertThat(console.statusCode()).as("the instructor is still signed in").isEqualTo(200);
            assertThat(console.body()).contains(code);
        }
    }

    /** Waits until every page told that its server was leaving has received an event on a new stream. */
    private static void awaitBackOnAStream(List<lab.gil.watch.SseViewers.Viewer> viewers) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (viewers.stream().anyMatch(v -> v.backAfterLeaving.size() < v.toldLeaving.get())) {
            assertThat(System.nanoTime()).as("pages back on a stream within " + RUN_TIMEOUT).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** Each accepted run ended done, and ran once: one row, one server, one "running" event. */
    private static void assertEveryRunRanOnceAndEndedDone(List<String> runIds) throws SQLException {
        try (Connection c = DriverManager.getConnection(database, postgres.user(), "");
             PreparedStatement row = c.prepareStatement("SELECT state, executed_by FROM cluster_runs WHERE run_id = ?");
             PreparedStatement starts = c.prepareStatement("SELECT COUNT(*) FROM cluster_run_events WHERE run_id = ?"
                     + " AND name = 'state' AND data LIKE '%\"state\":\"running\"%'")) {
            for (String id : runIds) {
                row.setString(1, id);
                try (ResultSet rs = row.executeQuery()) {
                    assertThat(rs.next()).as("run %s is in the shared table", id).isTrue();
                    assertThat(rs.getString(1)).as("run %s", id).isEqualTo("done");
                    assertThat(rs.getString(2)).as("run %s executed by a server", id).isNotNull();
                    assertThat(rs.next()).isFalse();
                }
                starts.setString(1, id);
                try (ResultSet rs = starts.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("run %s started once", id).isEqualTo(1);
                }
            }
        }
    }

    /** The browser's cookies, as its next request's Cookie header carries them. */
    private static String cookies(PageSession browser) {
        java.net.CookieManager jar = (java.net.CookieManager) browser.client().cookieHandler().orElseThrow();
        return jar.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    /** Waits until the instructor's console says {@code count} students are connected. */
    private static void awaitConnected(PageSession instructor, String code, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String members = "";
        while (System.nanoTime() < deadline) {
            members = instructor.get("/instructor/classes/" + code + "/members").body();
            if (members.contains("<span class=\"connected-count\">" + count + "</span>")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(count + " connected within " + timeout + "; the console says: "
                + members.replaceAll("(?s).*(<span class=\"connected-count\">[0-9]+</span>).*", "$1"));
    }

    /** Presses Run as the lesson form does, through the load balancer; returns the new run's id. */
    private static String submitRun(PageSession student, Map<String, String> knobs) throws Exception {
        HttpResponse<String> response = send(student, "/runs", knobs);
        Matcher m = Pattern.compile("data-run-id=\"([0-9a-f]+)\"").matcher(response.body());
        assertThat(response.statusCode()).as("Run answered: %s", response.body()).isEqualTo(200);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Waits, as the page shows it, until the run has ended. */
    private static void awaitEnd(PageSession student, String id) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = STATE.matcher(student.get("/runs/" + id).body());
            if (m.find() && ENDED.contains(m.group(1))) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("run " + id + " did not end within " + RUN_TIMEOUT);
    }

    @Test
    @Order(4)
    void aServerKilledMidRunFailsOnlyItsRunAndTheOtherDrainsTheQueue() throws Exception {
        // A server claims runs once it has measured its machine, and A was restarted in the test before.
        serverA.awaitMeasured(RUN_TIMEOUT);
        assertThat(serverA.log()).as("the restarted server ran with its kept measurement").contains(KEPT)
                .doesNotContain(MEASURING);
        assertThat(measuredAt(serverA)).as("its lesson page says when that measurement was made, as the other's")
                .isNotEmpty().isEqualTo(measuredAt(serverB));
        String longOnA = serverA.submitRun(run("io 12s"));
        String longOnB = serverB.submitRun(run("io 12s"));
        awaitState(serverA, longOnA, "running");
        awaitState(serverA, longOnB, "running");
        List<String> queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            queued.add((i % 2 == 0 ? serverA : serverB).submitRun(run("io 100ms")));
        }
        String idOfA = serverIdOf(serverA);
        String victimRun = executors(List.of(longOnA)).contains(idOfA) ? longOnA : longOnB;
        String survivorRun = victimRun.equals(longOnA) ? longOnB : longOnA;

        serverA.kill();

        assertThat(awaitEnd(serverB, victimRun)).as("the killed server's run").isEqualTo("failed");
        assertThat(serverB.get("/runs/" + victimRun).body()).contains("stopped answering");
        assertThat(awaitEnd(serverB, survivorRun)).as("the other server's run").isEqualTo("done");
        for (String id : queued) {
            assertThat(awaitEnd(serverB, id)).as("queued run %s, some submitted to the killed server", id).isEqualTo("done");
        }
        assertThat(executors(queued)).as("every queued run drained by B").containsExactly(serverIdOf(serverB));
    }

    /** When the server's machine measurement was made, as its lesson page says ({@code <time id="measured-at">}). */
    private static String measuredAt(GilLabServer server) throws IOException {
        Matcher at = Pattern.compile("id=\"measured-at\" datetime=\"([^\"]+)\"")
                .matcher(server.get("/lessons/cores-and-threads").body());
        return at.find() ? at.group(1) : "";
    }

    /** The server id a server's runs are recorded under: host, pid and a random part. */
    private static String serverIdOf(GilLabServer server) throws SQLException {
        try (Connection c = DriverManager.getConnection(database, postgres.user(), "");
             PreparedStatement s = c.prepareStatement("SELECT server_id FROM cluster_servers WHERE server_id LIKE ?"
                     + " UNION SELECT executed_by FROM cluster_runs WHERE executed_by LIKE ?")) {
            String pattern = "%-" + server.pid() + "-%";
            s.setString(1, pattern);
            s.setString(2, pattern);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : "(none for pid " + server.pid() + ")";
            }
        }
    }

    private static Set<String> executors(List<String> runIds) throws SQLException {
        Set<String> executors = new java.util.HashSet<>();
        try (Connection c = DriverManager.getConnection(database, postgres.user(), "");
             PreparedStatement s = c.prepareStatement("SELECT executed_by FROM cluster_runs WHERE run_id = ?")) {
            for (String id : runIds) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    assertThat(rs.next()).as("run %s is in the shared table", id).isTrue();
                    executors.add(rs.getString(1));
                }
            }
        }
        return executors;
    }

    private static String stateOf(GilLabServer server, String id) throws IOException {
        Matcher m = STATE.matcher(server.get("/runs/" + id).body());
        return m.find() ? m.group(1) : "unknown";
    }

    /** Polls the run's JSON until it has ended; returns how it ended. */
    private static String awaitEnd(GilLabServer server, String id) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        String state = stateOf(server, id);
        while (!ENDED.contains(state) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            state = stateOf(server, id);
        }
        return state;
    }

    private static void awaitState(GilLabServer server, String id, String wanted) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (!stateOf(server, id).equals(wanted)) {
            assertThat(System.nanoTime()).as("run %s reaches %s on %s", id, wanted, server.name()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Reads a run's SSE stream to its end: each event as "id name data". */
    private static List<String> readStream(GilLabServer server, String id, long lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url("/events?run=" + id)))
                .timeout(RUN_TIMEOUT);
        if (lastEventId > 0) {
            request.header("Last-Event-ID", Long.toString(lastEventId));
        }
        try {
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(request.build(),
                    HttpResponse.BodyHandlers.ofLines());
            List<String> events = new ArrayList<>();
            String[] current = new String[3];
            try (Stream<String> lines = response.body()) {
                lines.forEach(line -> {
                    if (line.startsWith("id:")) {
                        current[0] = line.substring(3).trim();
                    } else if (line.startsWith("event:")) {
                        current[1] = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        current[2] = line.substring(5);
                    } else if (line.isEmpty() && current[0] != null) {
                        events.add(current[0] + " " + current[1] + " " + current[2]);
                        java.util.Arrays.fill(current, null);
                    }
                });
            }
            return events;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
