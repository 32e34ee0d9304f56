package lab.gil.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * What a watching class costs a run: the free-threaded two-thread countdown with 0 and with 300 viewers of the
 * per-core chart, interleaved round by round, and the server's CPU per event it delivers.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@watch-bench}. The app runs in a JVM of its own on loopback,
 * so that its CPU time is the server's alone. The viewers are {@link SseViewers}: one selector thread reading
 * every stream, as cheap for this machine as a reader can be (a real class's browsers run elsewhere). Each phase
 * connects its viewers, waits until the server counts them all, measures the server's CPU over an idle window
 * (no run), then runs the one-worker countdown (the baseline the speedup divides) and the two-thread one, and
 * closes the viewers. The server's CPU per delivered event is the idle window's CPU with viewers less without,
 * over the events the viewers received; phases alternate 0, 300 / 300, 0 so that a drift of the machine's speed
 * weighs on both alike. Bounded: at most {@link #DEADLINE}; the app is stopped at the end.
 *
 * <p>Knobs (system properties): {@code bench.watch.viewers} (300), {@code bench.watch.rounds} (4),
 * {@code bench.watch.iterations} (countdown iterations, 100,000,000: about 2 s on one thread here, so that the
 * two-thread run holds enough per-core samples for its other-work figure), {@code bench.watch.port} (18107).
 */
public final class WatchBenchmark {

    private static final int VIEWERS = Integer.getInteger("bench.watch.viewers", 300);
    private static final int ROUNDS = Integer.getInteger("bench.watch.rounds", 4);
    private static final long ITERATIONS = Long.getLong("bench.watch.iterations", 100_000_000L);
    private static final int PORT = Integer.getInteger("bench.watch.port", 18107);
    private static final Duration IDLE_WINDOW = Duration.ofSeconds(4);
    private static final Duration DEADLINE = Duration.ofMinutes(10);
    /** The server notices a closed viewer at its next write to it: the next sample, 100 ms later by default. */
    private static final Duration SERVER_NOTICES_CLOSE = Duration.ofSeconds(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);
    /** Lesson 2's free-threaded preset, with a longer countdown; the worker count is added per run. */
    private static final String PRESET = "executor=threads&tasks=2&split=true&gil=free-threaded&switchInterval=5"
            + "&programs=cpu+";

    /** One phase's figures. */
    record Phase(int viewers, double idleServerCores, double eventsPerSecond, double viewersOwnCores,
                 int reconnects, double oneWorkerMillis, double twoThreadMillis, double speedup,
                 double otherWorkCores, double serverCoresBesideRun) {}

    private WatchBenchmark() {}

    public static void main(String[] args) throws Exception {
        Instant deadline = Instant.now().plus(DEADLINE);
        try (BenchApp app = BenchApp.start(PORT, "watch-bench-server.log", "--gillab.runs.time-limit=60s");
             SseViewers viewers = new SseViewers(PORT, (v, id, name, data, at) -> { })) {
            System.out.printf(Locale.ROOT, "Watch benchmark: the free-threaded 2-thread countdown (%,d iterations) "
                            + "with 0 and %d viewers of /events?cores, %d rounds interleaved; server pid %d (log %s)%n",
                    ITERATIONS, VIEWERS, ROUNDS, app.process.pid(), app.log);
            app.awaitCalibrated(deadline);
            // Warm-up, not counted: the server's first streams and first runs compile their code paths (and the
            // first run waits for the server's calibration).
            phase(app, viewers, VIEWERS, deadline);
            List<Phase> phases = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                int[] order = r % 2 == 0 ? new int[] {0, VIEWERS} : new int[] {VIEWERS, 0};
                for (int n : order) {
                    Phase p = phase(app, viewers, n, deadline);
                    phases.add(p);
                    print(r + 1, p);
                }
            }
            summarize(phases);
        }
    }

    private static Phase phase(BenchApp app, SseViewers viewers, int count, Instant deadline) throws Exception {
        List<SseViewers.Viewer> open = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            open.add(viewers.open("/events?cores", ""));
        }
        viewers.awaitReceiving(open, Instant.now().plus(CONNECT_TIMEOUT));

        long events0 = viewers.totalEvents.get();
        long cpu0 = app.cpuNanos();
        long own0 = BenchApp.ownCpuNanos();
        long wall0 = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(IDLE_WINDOW.toMillis());
        long wall = System.nanoTime() - wall0;
        double idleServerCores = (double) (app.cpuNanos() - cpu0) / wall;
        double viewersOwnCores = (double) (BenchApp.ownCpuNanos() - own0) / wall;
        double eventsPerSecond = (viewers.totalEvents.get() - events0) * 1e9 / wall;

        String one = app.awaitEnd(app.submit("workers=1&" + PRESET + ITERATIONS), deadline);
        long cpuBeforeRun = app.cpuNanos();
        String two = app.awaitEnd(app.submit("workers=2&" + PRESET + ITERATIONS), deadline);
        long serverCpuDuringRun = app.cpuNanos() - cpuBeforeRun;
        double twoWall = BenchApp.number(two, "summary", "wallMillis");
        double twoCpu = BenchApp.number(two, "summary", "cpuMillis");
        double other = two.contains("\"otherWork\":null") ? Double.NaN : BenchApp.number(two, "otherWork", "cores");

        int cutOff = 0;
        for (SseViewers.Viewer v : open) {
            cutOff += (int) v.reconnects.get();
            viewers.close(v);
        }
        TimeUnit.MILLISECONDS.sleep(SERVER_NOTICES_CLOSE.toMillis());
        // The server's CPU beside the run's own, over the run and the polling around it (about its wall time).
        double besideRun = (serverCpuDuringRun / 1e6 - twoCpu) / twoWall;
        return new Phase(count, idleServerCores, eventsPerSecond, viewersOwnCores, cutOff,
                BenchApp.number(one, "summary", "wallMillis"), twoWall, BenchApp.number(two, "summary", "speedup"),
                other, besideRun);
    }

    private static void print(int round, Phase p) {
        System.out.printf(Locale.ROOT, "round %d, %3d viewers: idle server %.3f cores, %,.0f events/s delivered"
                        + " (viewers' own JVM %.3f cores); 1 worker %.0f ms, 2 threads %.0f ms, speedup %.2fx,"
                        + " otherWork %.2f cores%s; server beside the run %.2f cores; reconnections %d%n",
                round, p.viewers(), p.idleServerCores(), p.eventsPerSecond(), p.viewersOwnCores(),
                p.oneWorkerMillis(), p.twoThreadMillis(), p.speedup(), p.otherWorkCores(),
                p.otherWorkCores() > 0.25 ? " (disturbed)" : "", p.serverCoresBesideRun(), p.reconnects());
    }

    private static void summarize(List<Phase> phases) {
        List<Phase> none = phases.stream().filter(p -> p.viewers() == 0).toList();
        List<Phase> watched = phases.stream().filter(p -> p.viewers() > 0).toList();
        System.out.println();
        System.out.printf(Locale.ROOT, "medians over %d rounds            0 viewers   %d viewers%n", none.size(), VIEWERS);
        row("speedup (x)", none, watched, Phase::speedup, "%.2f");
        row("2-thread wall time (ms)", none, watched, Phase::twoThreadMillis, "%.0f");
        row("1-worker wall time (ms)", none, watched, Phase::oneWorkerMillis, "%.0f");
        row("otherWork of the 2-thread run (cores)", none, watched, Phase::otherWorkCores, "%.2f");
        row("server CPU beside the run (cores)", none, watched, Phase::serverCoresBesideRun, "%.2f");
        row("idle server CPU (cores)", none, watched, Phase::idleServerCores, "%.3f");
        row("events delivered per second", none, watched, Phase::eventsPerSecond, "%.0f");
        row("viewers' own JVM (cores)", none, watched, Phase::viewersOwnCores, "%.3f");
        // Paired by round: each round's cost with viewers less its own cost without.
        List<Double> perEvent = new ArrayList<>();
        for (int r = 0; r < Math.min(none.size(), watched.size()); r++) {
            Phase w = watched.get(r);
            perEvent.add((w.idleServerCores() - none.get(r).idleServerCores()) * 1e6 / w.eventsPerSecond());
        }
        System.out.printf(Locale.ROOT, "server CPU per delivered event: median %.1f us (rounds: %s)%n",
                median(perEvent), perEvent.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
        // Samples carry no id (a page's stream resumes only its run by id), so a viewer cut off and back is counted
        // by its reconnection: it gets the last seconds of samples again, as a page's chart does.
        System.out.printf(Locale.ROOT, "the %d viewers cost the idle server %.3f cores;"
                        + " reconnections (a viewer cut off for falling behind connects again): %d%n", VIEWERS,
                median(watched.stream().map(Phase::idleServerCores).toList())
                        - median(none.stream().map(Phase::idleServerCores).toList()),
                watched.stream().mapToInt(Phase::reconnects).sum());
    }

    private static void row(String name, List<Phase> none, List<Phase> watched, ToDoubleFunction<Phase> f,
                            String format) {
        System.out.printf(Locale.ROOT, "%-38s %9s %11s%n", name,
                String.format(Locale.ROOT, format, median(none.stream().map(f::applyAsDouble).toList())),
                String.format(Locale.ROOT, format, median(watched.stream().map(f::applyAsDouble).toList())));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(d -> !d.isNaN()).sorted(Comparator.naturalOrder()).toList();
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
