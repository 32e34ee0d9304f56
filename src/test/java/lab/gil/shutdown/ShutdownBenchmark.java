package lab.gil.shutdown;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import lab.gil.cluster.GilLabServer;
import lab.gil.watch.SseViewers;

/**
 * How long the packaged jar takes to exit after SIGTERM with 1,000 pages open: with no run running, and with a run
 * that still has a few seconds to go (then: from the run's end to the exit).
 *
 * <p>Run with {@code ./mvnw -q -DskipTests package exec:exec@shutdown-bench} (it starts {@code target/gil-lab-*.jar}
 * like a self-hoster, {@code java -jar}, with a fresh data folder each time). Each round starts a server, opens the
 * pages (a lesson page's stream each, {@code /cores/events} at the default 10 samples a second), waits until every
 * page receives, sends SIGTERM and times the exit; it checks that every page was told the server was leaving.
 * Rounds alternate: no run, then a run of {@code io 5s} sent SIGTERM once it has run for a second. Knobs:
 * {@code bench.shutdown.pages} (1000), {@code bench.shutdown.rounds} (3 of each).
 */
public final class ShutdownBenchmark {

    private static final int PAGES = Integer.getInteger("bench.shutdown.pages", 1000);
    private static final int ROUNDS = Integer.getInteger("bench.shutdown.rounds", 3);
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Map<String, String> FIVE_SECONDS_OF_IO = Map.of("executor", "threads", "workers", "1",
            "programs", "io 5s");

    private ShutdownBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Long> idleExits = new ArrayList<>();
        List<Long> afterRunExits = new ArrayList<>();
        List<Long> runLeft = new ArrayList<>();
        int untold = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Round idle = round(false);
            idleExits.add(idle.exitNanos());
            untold += idle.untold();
            Round busy = round(true);
            afterRunExits.add(busy.exitNanos() - busy.runLeftNanos());
            runLeft.add(busy.runLeftNanos());
            untold += busy.untold();
            System.out.printf(Locale.ROOT, "round %d: no run: exit %.2f s after SIGTERM; a run with %.2f s left:"
                            + " exit %.2f s after it ended%n", round + 1, idle.exitNanos() / 1e9,
                    busy.runLeftNanos() / 1e9, (busy.exitNanos() - busy.runLeftNanos()) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%nFor the README (./mvnw -q -DskipTests package exec:exec@shutdown-bench, %d"
                        + " cores, load average %s; medians of %d):%n"
                        + "| pages open | no run: SIGTERM to exit | a run running: its end to exit | pages not told |%n"
                        + "|---:|---:|---:|---:|%n| %d | %.2f s | %.2f s | %d |%n",
                Runtime.getRuntime().availableProcessors(), loadAverage(), ROUNDS, PAGES, median(idleExits) / 1e9,
                median(afterRunExits) / 1e9, untold);
    }

    /** What one server's stop took. */
    private record Round(long exitNanos, long runLeftNanos, int untold) {}

    private static Round round(boolean withRun) throws Exception {
        AtomicInteger told = new AtomicInteger();
        AtomicLong runEnded = new AtomicLong();
        CountDownLatch running = new CountDownLatch(1);
        try (GilLabServer server = GilLabServer.startAlone("shutdown-bench", GilLabServer.freePort(), Map.of());
             SseViewers pages = new SseViewers(server.port(), (viewer, id, name, data, at) -> {
                 if (name.equals("leaving")) {
                     told.incrementAndGet();
                 } else if (viewer.index == PAGES && name.equals("progress") && data.contains("\"stage\":\"running\"")) {
                     running.countDown();
                 } else if (viewer.index == PAGES && name.equals("state") && data.contains("\"state\":\"done\"")) {
                     runEnded.set(at);
                 }
             })) {
            List<SseViewers.Viewer> viewers = IntStream.range(0, PAGES).mapToObj(i -> pages.open("/events?cores", ""))
                    .toList();
            pages.awaitReceiving(viewers, Instant.now().plus(TIMEOUT));
            if (withRun) {
                String id = server.submitRun(FIVE_SECONDS_OF_IO);
                pages.open("/events?run=" + id, "");
                if (!running.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the run did not start");
                }
                TimeUnit.SECONDS.sleep(1); // a run well under way
            }
            long sigterm = System.nanoTime();
            long exit = server.terminate(TIMEOUT).toNanos();
            long left = withRun ? runEnded.get() - sigterm : 0;
            if (withRun && runEnded.get() == 0) {
                throw new IllegalStateException("the run did not end done before the server exited");
            }
            return new Round(exit, left, PAGES - told.get());
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
