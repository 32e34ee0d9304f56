package lab.gil.watch;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.security.TestInstructor;

/**
 * A lecture hall on one server: 1,000 students in one class, what each connected student costs the server, how long
 * the instructor's GIL toggle takes to reach every student's page, and 100 students pressing Run together.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@classroom-bench}. The app runs in a JVM of its own on
 * loopback with a fresh data folder. The instructor opens a class; the students join it through the real join
 * form, each with their own cookies (and CSRF token, when the server sets one), and open the streams their lesson
 * page opens ({@link #PAGE_STREAMS}: one {@link SseViewers} connection each). The server's CPU (share of a core,
 * from {@code /proc}), resident memory and Java heap after a full collection ({@code jcmd}) are measured over
 * {@link #USAGE_WINDOW_SECONDS} s before anyone joined and again with every page open, and divided by the students.
 * The instructor then switches the class's GIL mode
 * {@link #TOGGLES} times, back and forth; for each switch the benchmark times, from the instructor's POST, when
 * each student's stream delivered the new snapshot: p50 and p99 over every delivery, and the time until the last
 * student had it. Then 100 of them press Run at the same moment (real POSTs, each as that student): it counts the
 * runs accepted, reads each student's place in the queue from their own status fragment, waits until every run has
 * ended, and meanwhile fetches a lesson page over and over as another visitor would, to time the server's answers
 * against the same page fetched before the burst. Bounded: at most {@link #DEADLINE}; the app is stopped at the end.
 *
 * <p>Knobs (system properties): {@code bench.classroom.students} (300), {@code bench.classroom.runners} (100),
 * {@code bench.classroom.port} (18107), {@code bench.classroom.serverArgs} (more server settings); when the server
 * asks instructors to sign in,
 * {@code bench.classroom.user} and {@code bench.classroom.password}.
 */
public final class ClassroomBenchmark {

    private static final int STUDENTS = Integer.getInteger("bench.classroom.students", 1000);
    private static final int RUNNERS = Integer.getInteger("bench.classroom.runners", 100);
    private static final int PORT = Integer.getInteger("bench.classroom.port", 18107);
    /**
     * More of the server's settings, space-separated: {@code --gillab.cpython.python=/nowhere} takes CPython away
     * from the server, to compare a class's drain with and without it.
     */
    private static final List<String> SERVER_ARGS = List.of(System.getProperty("bench.classroom.serverArgs", "")
            .strip().split("\\s+")).stream().filter(a -> !a.isEmpty()).toList();
    private static final int TOGGLES = 20;
    private static final String LESSON = "cores-and-threads";
    /** A short run (tens of milliseconds), so that 100 of them drain in a bounded time. */
    private static final Map<String, String> RUN_FORM = Map.of("executor", "threads", "workers", "2", "tasks", "2",
            "programs", "cpu 1000000", "split", "true", "gil", "gil", "switchInterval", "5", "lessonId", LESSON);
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    /** The event streams a student's lesson page in a class opens: one, with the per-core chart's and the class's. */
    private static final List<String> PAGE_STREAMS = List.of("/events?cores&class=%s");
    /** How long the server's CPU is watched, idle and then with every page open. */
    private static final int USAGE_WINDOW_SECONDS = 10;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration TOGGLE_TIMEOUT = Duration.ofSeconds(15);
    /** Joins sent at once: a class arrives over a minute, not in one instant. */
    private static final int JOINS_AT_ONCE = 16;
    private static final Pattern RUN_ID = Pattern.compile("data-run-id=\"([0-9a-f]+)\"");
    private static final Pattern RUN_STATE = Pattern.compile("data-run-state=\"([a-z]+)\"");
    private static final Pattern POSITION = Pattern.compile("class=\"queue-position\">(\\d+)<");
    private static final Pattern CODE = Pattern.compile("/instructor/classes/([A-Za-z0-9]+)$");

    private ClassroomBenchmark() {}

    public static void main(String[] args) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        Path data = Files.createDirectories(Path.of("target", "classroom-bench-data-" + System.currentTimeMillis()));
        Toggles toggles = new Toggles(STUDENTS, TOGGLES);
        List<String> serverArgs = new ArrayList<>(List.of("--gil-lab.data-dir=" + data.toAbsolutePath(),
                "--gillab.runs.time-limit=60s", "--gil-lab.instructor.password-hash=" + TestInstructor.PASSWORD_HASH));
        serverArgs.addAll(SERVER_ARGS);
        try (BenchApp app = BenchApp.start(PORT, "classroom-bench-server.log", serverArgs.toArray(String[]::new));
             SseViewers viewers = new SseViewers(PORT, toggles)) {
            System.out.printf(Locale.ROOT, "Classroom benchmark: %d students in one class, %d toggles of the GIL,"
                    + " %d students pressing Run together; server pid %d (log %s)%n", STUDENTS, TOGGLES, RUNNERS,
                    app.process.pid(), app.log);
            app.awaitCalibrated(deadline);
            long pid = app.process.pid();
            ServerUsage.Sample idle = ServerUsage.over(pid, USAGE_WINDOW_SECONDS);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(BenchApp.REQUEST_TIMEOUT).executor(Executors.newVirtualThreadPerTaskExecutor())
                    .build();
            Visitor instructor = signedInInstructor(http, app.base);
            String code = openClass(instructor);
            List<Visitor> students = join(http, app.base, code);
            System.out.printf(Locale.ROOT, "class %s: %d students joined (CSRF tokens in use: %s)%n", code,
                    students.size(), students.getFirst().hasCsrfToken());

            // The class streams first, so that a viewer's index is its student's in the toggles' tally.
            for (String stream : PAGE_STREAMS) {
                for (Visitor s : students) {
                    viewers.open(stream.formatted(code), s.cookieHeaderLine());
                }
            }
            toggles.awaitFirstSnapshot(Instant.now().plus(CONNECT_TIMEOUT), viewers);
            viewers.awaitReceiving(viewers.viewers(), Instant.now().plus(CONNECT_TIMEOUT));
            System.out.printf(Locale.ROOT, "%d students' pages open, %d streams each (%s), each receiving%n", STUDENTS,
                    PAGE_STREAMS.size(), String.join(", ", PAGE_STREAMS));
            ServerUsage.Sample full = ServerUsage.over(pid, USAGE_WINDOW_SECONDS);
            double cpuPerStudent = (full.cores() - idle.cores()) / STUDENTS;
            double rssPerStudent = (double) (full.rssBytes() - idle.rssBytes()) / STUDENTS;
            double heapPerStudent = (double) (full.heapBytes() - idle.heapBytes()) / STUDENTS;
            System.out.printf(Locale.ROOT, "server over %d s: idle %.3f cores, %.0f MiB resident, %.0f MiB heap after"
                            + " GC; with %d pages open %.3f cores, %.0f MiB resident, %.0f MiB heap after GC; per"
                            + " connected student %.2f%% of a core, %.1f KiB resident, %.1f KiB heap%n",
                    USAGE_WINDOW_SECONDS, idle.cores(), mib(idle.rssBytes()), mib(idle.heapBytes()), STUDENTS,
                    full.cores(), mib(full.rssBytes()), mib(full.heapBytes()), cpuPerStudent * 100,
                    rssPerStudent / 1024, heapPerStudent / 1024);

            ToggleFigures toggled = measureToggles(instructor, code, toggles);
            Drained drained = pressRunTogether(app, http, students.subList(0, Math.min(RUNNERS, students.size())),
                    deadline);
            long missed = viewers.viewers().stream().mapToLong(v -> v.missed.get()).sum();
            long reconnects = viewers.viewers().stream().mapToLong(v -> v.reconnects.get()).sum();
            System.out.printf(Locale.ROOT, "page streams: events missed (gaps in ids) %d, reconnections %d%n",
                    missed, reconnects);
            System.out.printf(Locale.ROOT, "%nFor the README (./mvnw -q test-compile exec:exec@classroom-bench,"
                            + " %d cores here, load average %s):%n"
                            + "| students | streams per page | GIL toggle to every page p50 / p99 | %d presses drained"
                            + " | lost | CPU per connected student | memory per connected student (resident / heap) |%n"
                            + "|---:|---:|---|---|---:|---:|---|%n"
                            + "| %d | %d | %.0f ms / %.0f ms | %.1f s | %d | %.2f%% of a core | %.0f KiB / %.0f KiB |%n",
                    Runtime.getRuntime().availableProcessors(), loadAverage(), drained.runs(), STUDENTS,
                    PAGE_STREAMS.size(), toggled.p50Millis(), toggled.p99Millis(), drained.seconds(), drained.lost(),
                    cpuPerStudent * 100, rssPerStudent / 1024, heapPerStudent / 1024);
        }
    }

    private static double mib(long bytes) {
        return bytes / 1024.0 / 1024.0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    /** A toggle's delivery to every page, over all toggles. */
    private record ToggleFigures(double p50Millis, double p99Millis) {}

    /** Runs pressed together, how long until all had ended, and how many never ended. */
    private record Drained(int runs, double seconds, int lost) {}

    private static Visitor signedInInstructor(HttpClient http, String base) throws Exception {
        Visitor instructor = new Visitor(http, base);
        HttpResponse<String> classes = instructor.get("/instructor/classes");
        if (classes.statusCode() == 200) {
            return instructor;
        }
        // The server this benchmark starts knows the test instructor; another server's can be given.
        String user = System.getProperty("bench.classroom.user", TestInstructor.USERNAME);
        String password = System.getProperty("bench.classroom.password", TestInstructor.PASSWORD);
        instructor.get("/signin");
        instructor.post("/signin", Map.of("username", user, "password", password));
        HttpResponse<String> again = instructor.get("/instructor/classes");
        if (again.statusCode() != 200) {
            throw new IllegalStateException("Signing in as " + user + " did not open /instructor/classes: HTTP "
                    + again.statusCode());
        }
        return instructor;
    }

    private static String openClass(Visitor instructor) throws Exception {
        HttpResponse<String> opened = instructor.post("/instructor/classes", Map.of("lessonId", LESSON));
        String location = opened.headers().firstValue("Location").orElse("");
        Matcher m = CODE.matcher(location);
        if (opened.statusCode() != 302 || !m.find()) {
            throw new IllegalStateException("Opening a class answered HTTP " + opened.statusCode() + " " + location);
        }
        instructor.get("/instructor/classes/" + m.group(1)); // the console, as the instructor's page (and its token)
        return m.group(1);
    }

    private static List<Visitor> join(HttpClient http, String base, String code) throws Exception {
        List<Visitor> students = new ArrayList<>();
        Semaphore atOnce = new Semaphore(JOINS_AT_ONCE);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Visitor>> joins = new ArrayList<>();
            for (int i = 0; i < STUDENTS; i++) {
                int n = i;
                joins.add(pool.submit(() -> {
                    atOnce.acquire();
                    try {
                        Visitor s = new Visitor(http, base);
                        s.get("/join/" + code);
                        HttpResponse<String> joined = s.post("/join", Map.of("code", code,
                                "displayName", "Student " + (n + 1)));
                        if (joined.statusCode() != 302) {
                            throw new IllegalStateException("Student " + (n + 1) + " could not join: HTTP "
                                    + joined.statusCode());
                        }
                        s.get("/lessons/" + LESSON); // the page the join leads to, with its token
                        return s;
                    } finally {
                        atOnce.release();
                    }
                }));
            }
            for (Future<Visitor> f : joins) {
                students.add(f.get());
            }
        }
        return students;
    }

    private static ToggleFigures measureToggles(Visitor instructor, String code, Toggles toggles) throws Exception {
        List<Long> all = new ArrayList<>();
        List<Long> lastPerToggle = new ArrayList<>();
        int incomplete = 0;
        for (int t = 0; t < TOGGLES; t++) {
            String gil = t % 2 == 0 ? "free-threaded" : "gil";
            toggles.expect(t, gil);
            HttpResponse<String> set = instructor.post("/instructor/classes/" + code + "/settings",
                    Map.of("gil", gil, "switchInterval", "5"));
            if (set.statusCode() != 200) {
                throw new IllegalStateException("The toggle answered HTTP " + set.statusCode());
            }
            if (!toggles.awaitAll(t, TOGGLE_TIMEOUT)) {
                incomplete++;
            }
            List<Long> delays = toggles.delaysNanos(t);
            all.addAll(delays);
            if (!delays.isEmpty()) {
                lastPerToggle.add(Collections.max(delays));
            }
            TimeUnit.MILLISECONDS.sleep(200); // the instructor's pace, and a quiet moment between switches
        }
        Collections.sort(all);
        Collections.sort(lastPerToggle);
        System.out.printf(Locale.ROOT, "GIL toggle to every page, %d toggles x %d students: delivery p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms; the last student of a toggle: p50 %.1f ms, p99 %.1f ms;"
                        + " toggles not delivered to all within %s: %d%n", TOGGLES, STUDENTS,
                ms(pct(all, 0.50)), ms(pct(all, 0.99)), ms(all.isEmpty() ? -1 : all.getLast()),
                ms(pct(lastPerToggle, 0.50)), ms(pct(lastPerToggle, 0.99)), TOGGLE_TIMEOUT, incomplete);
        return new ToggleFigures(ms(pct(all, 0.50)), ms(pct(all, 0.99)));
    }

    private static Drained pressRunTogether(BenchApp app, HttpClient http, List<Visitor> runners, Instant deadline)
            throws Exception {
        Visitor reader = new Visitor(http, app.base);
        List<Long> quiet = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            quiet.add(timePage(reader));
        }
        CountDownLatch ready = new CountDownLatch(runners.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> presses = new ArrayList<>();
        List<Long> busy = Collections.synchronizedList(new ArrayList<>());
        Drained drained;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Visitor s : runners) {
                presses.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return s.post("/runs", RUN_FORM);
                }));
            }
            ready.await();
            long pressed = System.nanoTime();
            go.countDown();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<String> ids = new ArrayList<>();
            List<Visitor> owners = new ArrayList<>();
            for (int i = 0; i < presses.size(); i++) {
                HttpResponse<String> r = presses.get(i).get();
                statuses.merge(r.statusCode(), 1, Integer::sum);
                Matcher m = RUN_ID.matcher(r.body());
                if (r.statusCode() == 200 && m.find()) {
                    ids.add(m.group(1));
                    owners.add(runners.get(i));
                }
            }
            System.out.printf(Locale.ROOT, "%d students pressed Run together: answers by HTTP status %s in %.0f ms;"
                    + " runs accepted %d%n", runners.size(), statuses, (System.nanoTime() - pressed) / 1e6, ids.size());

            // Each student's own status fragment, as their page asks for it every second, all asked at once so
            // that the places read belong to about the same moment of the queue.
            Map<String, Integer> positions = new TreeMap<>();
            List<Integer> queued = new ArrayList<>();
            List<Future<String>> statusPages = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                Visitor owner = owners.get(i);
                String path = "/runs/" + ids.get(i) + "/status";
                statusPages.add(pool.submit(() -> owner.get(path).body()));
            }
            for (Future<String> page : statusPages) {
                String status = page.get();
                Matcher state = RUN_STATE.matcher(status);
                String s = state.find() ? state.group(1) : "unknown";
                positions.merge(s, 1, Integer::sum);
                Matcher p = POSITION.matcher(status);
                if (s.equals("queued") && p.find()) {
                    queued.add(Integer.parseInt(p.group(1)));
                }
            }
            Collections.sort(queued);
            // The queue moves while the pages are read, so two runs may show one place; a place below 1 is wrong.
            System.out.printf(Locale.ROOT, "their status right after: %s; queued runs showing a place: %d, places %s,"
                            + " %d different, %d below 1%n", positions, queued.size(),
                    queued.isEmpty() ? "none" : queued.getFirst() + ".." + queued.getLast(),
                    queued.stream().distinct().count(), queued.stream().filter(p -> p < 1).count());

            // A lesson page fetched again and again while the queue drains, as any other visitor would.
            Future<?> prober = pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    busy.add(timePage(reader));
                }
                return null;
            });
            Map<String, Integer> ends = new TreeMap<>();
            for (String id : ids) {
                String json = app.awaitEnd(id, deadline);
                Matcher m = Pattern.compile("\"state\":\"([a-z]+)\"").matcher(json);
                ends.merge(m.find() ? m.group(1) : "unknown", 1, Integer::sum);
            }
            double drainedSeconds = (System.nanoTime() - pressed) / 1e9;
            prober.cancel(true);
            int lost = runners.size() - ends.getOrDefault("done", 0);
            System.out.printf(Locale.ROOT, "every run ended %.1f s after the press: %s; lost (not done): %d%n",
                    drainedSeconds, ends, lost);
            drained = new Drained(runners.size(), drainedSeconds, lost);
        }
        List<Long> during = new ArrayList<>(busy);
        Collections.sort(quiet);
        Collections.sort(during);
        System.out.printf(Locale.ROOT, "lesson page GET /lessons/%s: before the press p50 %.1f ms, p99 %.1f ms (%d);"
                        + " while the queue drained p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d)%n", LESSON,
                ms(pct(quiet, 0.5)), ms(pct(quiet, 0.99)), quiet.size(), ms(pct(during, 0.5)), ms(pct(during, 0.99)),
                ms(during.isEmpty() ? -1 : during.getLast()), during.size());
        return drained;
    }

    private static long timePage(Visitor reader) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> page = reader.get("/lessons/" + LESSON);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("The lesson page answered HTTP " + page.statusCode());
        }
        return System.nanoTime() - t0;
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size())));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** When each student's stream delivered each toggle: fed by the viewers' selector thread. */
    static final class Toggles implements SseViewers.Listener {
        private final int students;
        /** Arrival per toggle and student, 0 until delivered. */
        private final AtomicLongArray arrivals;
        private final CountDownLatch[] delivered;
        private final CountDownLatch firstSnapshot;
        private final boolean[] sawFirst;
        private volatile int current = -1;
        private volatile String expectedGil = "";
        private volatile long sentAt;

        Toggles(int students, int toggles) {
            this.students = students;
            this.arrivals = new AtomicLongArray(students * toggles);
            this.delivered = new CountDownLatch[toggles];
            for (int t = 0; t < toggles; t++) {
                delivered[t] = new CountDownLatch(students);
            }
            this.firstSnapshot = new CountDownLatch(students);
            this.sawFirst = new boolean[students];
        }

        void expect(int toggle, String gil) {
            expectedGil = gil;
            sentAt = System.nanoTime();
            current = toggle;
        }

        @Override
        public void onEvent(SseViewers.Viewer viewer, long id, String name, String data, long arrivalNanos) {
            if (!name.equals("class") || viewer.index >= students) {
                return;
            }
            if (!sawFirst[viewer.index]) {
                sawFirst[viewer.index] = true;
                firstSnapshot.countDown();
            }
            int t = current;
            if (t >= 0 && data.contains("\"gil\":\"" + expectedGil + "\"")
                    && arrivals.compareAndSet(t * students + viewer.index, 0, arrivalNanos)) {
                delivered[t].countDown();
            }
        }

        void awaitFirstSnapshot(Instant deadline, SseViewers viewers) throws InterruptedException {
            if (!firstSnapshot.await(Duration.between(Instant.now(), deadline).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(firstSnapshot.getCount() + " class streams sent nothing; viewers: "
                        + viewers.describe());
            }
        }

        boolean awaitAll(int toggle, Duration timeout) throws InterruptedException {
            return delivered[toggle].await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        List<Long> delaysNanos(int toggle) {
            List<Long> delays = new ArrayList<>();
            for (int s = 0; s < students; s++) {
                long at = arrivals.get(toggle * students + s);
                if (at != 0) {
                    delays.add(at - sentAt);
                }
            }
            return delays;
        }
    }
}
