package lab.gil.interpreter;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lab.gil.cluster.GilLabServer;
import lab.gil.security.PageSession;

/**
 * The fidelity rows of what one piece of work costs in each kind of worker, measured on the packaged jar as a
 * self-hoster runs it ({@code java -jar}, the server's JIT is C2 and its workers' C1) through {@code POST /runs},
 * beside real CPython, pair by pair (CPython, then GIL Lab) so that both see the same machine; each row's ratio is the
 * median of the pairs' ratios, held to within 10% on both sides.
 *
 * <ul>
 *   <li><b>Countdown</b>: one worker counting down 12 M and 20 M in a thread, a worker process and a greenlet, wall
 *       time, against a fresh {@code python3 -S} counting down the same in a {@code Thread}, a warm
 *       {@code ProcessPoolExecutor(1)}, and a greenlet of gevent (a coroutine of asyncio without gevent).
 *   <li><b>Copying</b>: a one-task {@code send N} and {@code recv N} to a warm worker, the run's "Data copied" time,
 *       against {@code copy_bench.py}'s fresh-send and fresh-recv (CPython's pickle through a pipe, the first copy
 *       in a fresh program, as a one-task run's), N = 1, 10, 100 MB.
 *   <li><b>Greenlets' waits</b>: 10,000 greenlets each doing {@code io 50ms} (and {@code io 1s}) over one greenlet
 *       doing it, against gevent's {@code joinall} of as many sleeps on the server (which follows gevent where it
 *       is installed), and against {@code asyncio.gather} on a second server started with
 *       {@code gillab.cpython.greenlets=asyncio} (on the first, without gevent).
 * </ul>
 * Run: {@code ./mvnw -q package -DskipTests && ./mvnw -q test-compile exec:exec@jar-fidelity-bench} (the jar must
 * be built from the same sources). Pairs: {@code -Dbench.jar.pairs} (5). About six minutes on a quiet machine.
 */
public final class PackagedJarRows {

    private static final int PAIRS = Integer.getInteger("bench.jar.pairs", 5);
    /** Which groups of rows to measure: countdown, copy, greenlets (all unless {@code -Dbench.jar.rows}). */
    private static final java.util.Set<String> ROWS = java.util.Set.of(
            System.getProperty("bench.jar.rows", "countdown,copy,greenlets").split(","));
    private static final long[] COUNTDOWNS = {12_000_000, 20_000_000};
    private static final int[] COPY_MB = {1, 10, 100};
    private static final int GREENLETS = 10_000;
    private static final double[] WAITS_SECONDS = {0.05, 1.0};
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A calibration on a busy machine takes a minute; only reached when broken. */
    private static final Duration CALIBRATION_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern RUN_ID = Pattern.compile("data-run-id=\"([0-9a-f]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z]+)\"");
    private static final Pattern WALL = Pattern.compile("\"wallMillis\":([0-9.Ee+-]+)");
    private static final Pattern COPY = Pattern.compile("\"copyMillis\":([0-9.Ee+-]+)");

    private final PageSession session;

    private PackagedJarRows(PageSession session) {
        this.session = session;
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("GIL Lab on the packaged jar (%s) against CPython, %d pairs, %d cores, load average %.1f%n",
                GilLabServer.jar(), PAIRS, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Optional<String> gevent = CPythonRunner.pythonWith("gevent");
        List<PairedRow> all = new ArrayList<>();
        try (GilLabServer server = GilLabServer.startAlone("jar-fidelity", GilLabServer.freePort(), List.of(),
                Map.of())) {
            PackagedJarRows rows = new PackagedJarRows(server.session());
            String costs = rows.awaitCalibration();
            System.out.println("The server measured: " + costs);
            if (ROWS.contains("countdown")) {
                all.addAll(rows.countdownRows());
            }
            if (ROWS.contains("copy")) {
                all.addAll(rows.copyRows());
            }
            if (ROWS.contains("greenlets")) {
                // By default the hub follows gevent where it is installed, else asyncio.
                all.addAll(rows.greenletRows(gevent.isPresent() ? "gevent" : "asyncio", gevent));
            }
        }
        if (ROWS.contains("greenlets") && gevent.isPresent()) {
            // asyncio's rows against a server that follows asyncio, as gillab.cpython.greenlets=asyncio sets.
            try (GilLabServer server = GilLabServer.startAlone("jar-fidelity-asyncio", GilLabServer.freePort(),
                    List.of(), Map.of("gillab.cpython.greenlets", "asyncio"))) {
                PackagedJarRows rows = new PackagedJarRows(server.session());
                System.out.println("The server following asyncio measured: " + rows.awaitCalibration());
                all.addAll(rows.greenletRows("asyncio", gevent));
            }
        }
        System.out.println();
        System.out.println(PairedRow.header());
        all.forEach(r -> System.out.println(r.format()));
        System.out.println("GIL Lab's servers' logs: " + Path.of("target", "servers"));
    }

    /** Waits until the server has measured what work costs (its lesson page then lists it); returns the list. */
    private String awaitCalibration() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CALIBRATION_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String page = session.get("/lessons/cores-and-threads").body();
            Matcher costs = Pattern.compile("(?s)<details[^>]*id=\"machine-costs\".*?</details>").matcher(page);
            if (costs.find()) {
                Matcher line = Pattern.compile("(?s)<p[^>]*id=\"machine-line\".*?</p>").matcher(page);
                return text((line.find() ? line.group() : "") + costs.group());
            }
            Thread.sleep(500); // the calibration says nothing else when it is done
        }
        throw new IllegalStateException("the server did not finish measuring within " + CALIBRATION_TIMEOUT);
    }

    private List<PairedRow> countdownRows() throws Exception {
        Map<String, PairedRow> rows = new LinkedHashMap<>();
        Optional<String> gevent = CPythonRunner.pythonWith("gevent");
        for (long n : COUNTDOWNS) {
            for (String kind : List.of("threads", "processes", "greenlets")) {
                String against = switch (kind) {
                    case "threads" -> "a Thread";
                    case "processes" -> "ProcessPoolExecutor(1)";
                    default -> gevent.isPresent() ? "a gevent greenlet" : "an asyncio coroutine";
                };
                rows.put(kind + n, PairedRow.of(String.format("countdown %d M, 1 %s vs %s", n / 1_000_000,
                        kind.equals("processes") ? "process" : kind.substring(0, kind.length() - 1), against), "s", 1,
                        PairedRow.Target.WITHIN_10_PERCENT));
            }
        }
        for (int pair = 0; pair < PAIRS; pair++) {
            for (long n : COUNTDOWNS) {
                for (String kind : List.of("threads", "processes", "greenlets")) {
                    Map<String, Double> c = kind.equals("greenlets") && gevent.isPresent()
                            ? CPythonRunner.runWithSite(gevent.get(), ONE_COUNTDOWN, kind, n)
                            : CPythonRunner.run(ONE_COUNTDOWN, kind.equals("greenlets") ? "asyncio" : kind, n);
                    double app = wallSeconds(run(kind, 1, 1, "cpu " + n));
                    rows.get(kind + n).add(c.get("seconds"), app);
                    System.out.printf("  countdown %d %s pair %d: CPython %.3f s, GIL Lab %.3f s%n", n, kind,
                            pair + 1, c.get("seconds"), app);
                }
            }
        }
        return new ArrayList<>(rows.values());
    }

    private List<PairedRow> copyRows() throws Exception {
        Map<String, PairedRow> rows = new LinkedHashMap<>();
        for (String way : List.of("send", "recv")) {
            for (int mb : COPY_MB) {
                rows.put(way + mb, PairedRow.of(String.format("%s %d MB to a process vs pickle through a pipe", way,
                        mb), "ms", 1, PairedRow.Target.WITHIN_10_PERCENT));
            }
        }
        // copy_bench.py imports the server's own fresh-program probe, written beside it.
        Path dir = Files.createTempDirectory("copy_bench");
        Path script = dir.resolve("copy_bench.py");
        for (String resource : List.of("/bench/copy_bench.py", "/cpython/fresh_copies.py")) {
            try (InputStream in = PackagedJarRows.class.getResourceAsStream(resource)) {
                Files.write(dir.resolve(Path.of(resource).getFileName().toString()), in.readAllBytes());
            }
        }
        Process python = new ProcessBuilder("python3", "-S", script.toString()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                StandardCharsets.UTF_8));
             BufferedWriter in = new BufferedWriter(new OutputStreamWriter(python.getOutputStream(),
                     StandardCharsets.UTF_8))) {
            System.out.println("  copying against " + out.readLine());
            for (int pair = 0; pair < PAIRS; pair++) {
                for (String way : List.of("send", "recv")) {
                    for (int mb : COPY_MB) {
                        in.write("fresh-" + way + " " + mb * 1024 * 1024 + "\n");
                        in.flush();
                        double cpython = Double.parseDouble(out.readLine().strip());
                        double app = copyMillis(run("processes", 1, 1, way + " " + mb + "MB"));
                        rows.get(way + mb).add(cpython, app);
                        System.out.printf("  %s %d MB pair %d: CPython %.1f ms, GIL Lab %.1f ms%n", way, mb, pair + 1,
                                cpython, app);
                    }
                }
            }
            in.write("quit\n");
            in.flush();
        } finally {
            python.destroyForcibly();
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
        return new ArrayList<>(rows.values());
    }

    /**
     * 10,000 greenlets' waits over one greenlet's, on this server (which follows {@code loop}), against the same in
     * CPython's {@code loop}; {@code gevent} is the python3 that has gevent, when one has.
     */
    private List<PairedRow> greenletRows(String loop, Optional<String> gevent) throws Exception {
        Map<Double, PairedRow> rows = new LinkedHashMap<>();
        for (double wait : WAITS_SECONDS) {
            rows.put(wait, PairedRow.of(String.format("10,000 greenlets io %s / 1 greenlet, vs %s (followed)",
                    label(wait), loop), "x", 1, PairedRow.Target.WITHIN_10_PERCENT));
        }
        for (int pair = 0; pair < PAIRS; pair++) {
            Map<String, Double> cpython = loop.equals("gevent")
                    ? CPythonRunner.runWithSite(gevent.orElseThrow(), GreenletRows.GEVENT_GATHER)
                    : CPythonRunner.run(GreenletRows.ASYNCIO_GATHER);
            for (double wait : WAITS_SECONDS) {
                String io = "io " + label(wait).replace(" ", "");
                double app = wallSeconds(run("greenlets", GREENLETS, GREENLETS, io))
                        / wallSeconds(run("greenlets", 1, 1, io));
                String figure = "n" + GREENLETS + "_d" + Math.round(wait * 1000);
                String one = "n1_d" + Math.round(wait * 1000);
                double cpythonRatio = cpython.get(figure) / cpython.get(one);
                rows.get(wait).add(cpythonRatio, app);
                System.out.printf("  10,000 greenlets %s pair %d: %s %.3f, GIL Lab %.3f%n", io, pair + 1, loop,
                        cpythonRatio, app);
            }
        }
        return new ArrayList<>(rows.values());
    }

    private static String label(double wait) {
        return wait < 1 ? Math.round(wait * 1000) + " ms" : Math.round(wait) + " s";
    }

    /** Presses Run with these knobs and returns the run's JSON once it has ended. */
    private String run(String executor, int workers, int tasks, String programs) throws Exception {
        Map<String, String> form = Map.of("executor", executor, "workers", Integer.toString(workers), "tasks",
                Integer.toString(tasks), "programs", programs, "split", "false", "gil", "gil", "switchInterval", "5");
        HttpResponse<String> started = session.post("/runs", form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")), "HX-Request", "true");
        Matcher id = RUN_ID.matcher(started.body());
        if (!id.find()) {
            throw new IllegalStateException("Run answered " + started.statusCode() + ": " + started.body());
        }
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String json = session.get("/runs/" + id.group(1)).body();
            Matcher state = STATE.matcher(json);
            if (state.find() && List.of("done", "failed", "cancelled").contains(state.group(1))) {
                if (!state.group(1).equals("done")) {
                    throw new IllegalStateException("the run of " + programs + " ended " + state.group(1) + ": " + json);
                }
                return json;
            }
            Thread.sleep(100); // polling the run's state, as a page without its stream would
        }
        throw new IllegalStateException("the run of " + programs + " did not end within " + RUN_TIMEOUT);
    }

    private static double wallSeconds(String json) {
        return number(WALL, json) / 1000;
    }

    private static double copyMillis(String json) {
        return number(COPY, json);
    }

    private static double number(Pattern pattern, String json) {
        Matcher m = pattern.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String text(String html) {
        return html.replaceAll("(?s)<[^>]+>", " ").replaceAll("\\s+", " ").replace("&gt;", ">").strip();
    }

    /** One countdown of argv[2] in one worker of the kind argv[1], timed from its start to its end. */
    static final String ONE_COUNTDOWN = """
            import sys, time
            def countdown(n):
                while n > 0:
                    n -= 1
            kind, n = sys.argv[1], int(sys.argv[2])
            if kind == "threads":
                import threading
                t = threading.Thread(target=countdown, args=(n,))
                start = time.perf_counter()
                t.start()
                t.join()
            elif kind == "processes":
                from concurrent.futures import ProcessPoolExecutor
                with ProcessPoolExecutor(max_workers=1) as pool:
                    pool.submit(countdown, 0).result()   # the worker started before the clock, as GIL Lab's pool
                    start = time.perf_counter()
                    pool.submit(countdown, n).result()
                    end = time.perf_counter()
            elif kind == "greenlets":
                import gevent
                start = time.perf_counter()
                gevent.spawn(countdown, n).join()
            else:
                import asyncio
                async def coroutine():
                    countdown(n)
                async def main():
                    t = time.perf_counter()
                    await asyncio.gather(coroutine())
                    return t
                start = asyncio.run(main())
            if kind != "processes":
                end = time.perf_counter()
            print("seconds", end - start)
            """;
}
