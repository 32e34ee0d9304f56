package lab.gil.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The server's CPU per delivered event of two builds of the app, side by side: both run at once (ports 18107 and
 * 18117), and rounds alternate which one is measured first, each measured idle with 0 and with 300 viewers of
 * the per-core chart, as {@link WatchBenchmark} measures it. For a before/after figure of a change to the streams.
 *
 * <p>Run after {@code test-compile}, with the other build's whole class path (e.g. a copy of an older commit,
 * compiled, its classes folder and its {@code dependency:build-classpath}):
 * {@code java -cp "target/test-classes:target/classes:$(cat cp.txt)"
 * -Dbench.compare.other="/tmp/before/target/classes:$(cat /tmp/before-cp.txt)" lab.gil.watch.SseCostComparison}. Knobs:
 * {@code bench.compare.rounds} (8), {@code bench.watch.viewers} (300), {@code bench.compare.samplePeriod} (100ms, the default).
 */
public final class SseCostComparison {

    private static final int VIEWERS = Integer.getInteger("bench.watch.viewers", 300);
    private static final int ROUNDS = Integer.getInteger("bench.compare.rounds", 8);
    /**
     * The per-core sampler's period on both servers. Shorter periods make the viewers' cost stand out of a shared
     * machine's noise (20ms: 50 events a second per viewer), but on a loaded machine the server then cannot keep
     * up, and viewers that fall behind are cut off (these viewers do not reconnect).
     */
    private static final String SAMPLE_PERIOD = System.getProperty("bench.compare.samplePeriod", "100ms");
    private static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration CALIBRATION_TIMEOUT = Duration.ofSeconds(180);
    /** The server notices a closed viewer at its next write to it: the next sample, 100 ms later by default. */
    private static final Duration SERVER_NOTICES_CLOSE = Duration.ofSeconds(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);

    private SseCostComparison() {}

    public static void main(String[] args) throws Exception {
        String other = System.getProperty("bench.compare.other");
        if (other == null) {
            throw new IllegalArgumentException("Set -Dbench.compare.other to the other build's whole class path");
        }
        String thisClasspath = System.getProperty("java.class.path");
        // The other build's own class path only: mixing in this build's classes would give the app both versions.
        String otherClasspath = other;
        String period = "--gillab.cores.sample-period=" + SAMPLE_PERIOD;
        try (BenchApp a = BenchApp.start(otherClasspath, 18117, "compare-other-server.log", period);
             BenchApp b = BenchApp.start(thisClasspath, 18107, "compare-this-server.log", period);
             SseViewers va = new SseViewers(a.port, (v, id, name, data, at) -> { });
             SseViewers vb = new SseViewers(b.port, (v, id, name, data, at) -> { })) {
            System.out.printf(Locale.ROOT, "server CPU per delivered event, %d viewers of /events?cores sampled every %s, %d rounds;"
                    + " other build %s (pid %d), this build (pid %d)%n", VIEWERS, SAMPLE_PERIOD, ROUNDS, other, a.process.pid(),
                    b.process.pid());
            a.awaitCalibrated(Instant.now().plus(CALIBRATION_TIMEOUT));
            b.awaitCalibrated(Instant.now().plus(CALIBRATION_TIMEOUT));
            cost(a, va);
            cost(b, vb); // warm-up, not counted
            List<Double> otherCosts = new ArrayList<>();
            List<Double> thisCosts = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                boolean otherFirst = r % 2 == 0;
                double first = otherFirst ? cost(a, va) : cost(b, vb);
                double second = otherFirst ? cost(b, vb) : cost(a, va);
                otherCosts.add(otherFirst ? first : second);
                thisCosts.add(otherFirst ? second : first);
                System.out.printf(Locale.ROOT, "round %d: other build %.1f us/event, this build %.1f us/event%n", r + 1,
                        otherCosts.getLast(), thisCosts.getLast());
            }
            System.out.printf(Locale.ROOT, "median: other build %.1f us/event, this build %.1f us/event (ratio %.2f)%n",
                    WatchBenchmark.median(otherCosts), WatchBenchmark.median(thisCosts),
                    WatchBenchmark.median(thisCosts) / WatchBenchmark.median(otherCosts));
        }
    }

    /** The server's idle CPU with the viewers less without them, per event the viewers received, in microseconds. */
    private static double cost(BenchApp app, SseViewers viewers) throws Exception {
        double without = window(app, viewers)[0];
        List<SseViewers.Viewer> open = new ArrayList<>();
        for (int i = 0; i < VIEWERS; i++) {
            open.add(viewers.open("/events?cores", ""));
        }
        viewers.awaitReceiving(open, Instant.now().plus(CONNECT_TIMEOUT));
        double[] with = window(app, viewers);
        open.forEach(viewers::close);
        TimeUnit.MILLISECONDS.sleep(SERVER_NOTICES_CLOSE.toMillis());
        return (with[0] - without) * 1e6 / with[1];
    }

    /** The server's CPU in cores and the events delivered per second, over one window. */
    private static double[] window(BenchApp app, SseViewers viewers) throws Exception {
        long events0 = viewers.totalEvents.get();
        long cpu0 = app.cpuNanos();
        long wall0 = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(WINDOW.toMillis());
        long wall = System.nanoTime() - wall0;
        return new double[] {(double) (app.cpuNanos() - cpu0) / wall, (viewers.totalEvents.get() - events0) * 1e9 / wall};
    }
}
