package lab.gil.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import lab.gil.db.TestPostgres;

/**
 * A class of 100 pressing Run: sent to one server, and to two servers sharing one PostgreSQL, round-robin as a load
 * balancer would; prints the time from the first Run to the last result, with every run accounted for (each done
 * exactly once, by which server). Interleaved (one, two, one, two, ...), since the machine's speed drifts.
 *
 * <p>{@code ./mvnw -q -o package -DskipTests && ./mvnw -q -o test-compile exec:exec@cluster-bench}; bounded: each
 * class gets {@link #CLASS_TIMEOUT}, three servers start once. Argument: repetitions per setup (default 2).
 */
public final class ClusterBenchmark {

    private static final int CLASS_SIZE = 100;
    private static final Duration CLASS_TIMEOUT = Duration.ofMinutes(5);
    /**
     * What each student runs: lesson 1's free-threaded countdown on two threads, a run that wants both cores of
     * this machine, plus the one-thread baseline the server measures beside it (reused for 20 s).
     */
    private static final Map<String, String> RUN = Map.of("executor", "threads", "workers", "2",
            "programs", "cpu 2000000", "gil", "free-threaded");

    private ClusterBenchmark() {}

    public static void main(String[] args) throws Exception {
        int repetitions = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        TestPostgres postgres = TestPostgres.get();
        String aloneDb = postgres.newDatabaseUrl();
        String pairDb = postgres.newDatabaseUrl();
        System.out.println("Starting three servers (one alone, two sharing a database) on free loopback ports...");
        var alone = CompletableFuture.supplyAsync(() -> GilLabServer.startInCluster("bench-alone", GilLabServer.freePort(), aloneDb, Map.of()));
        var first = CompletableFuture.supplyAsync(() -> GilLabServer.startInCluster("bench-pair-1", GilLabServer.freePort(), pairDb, Map.of()));
        var second = CompletableFuture.supplyAsync(() -> GilLabServer.startInCluster("bench-pair-2", GilLabServer.freePort(), pairDb, Map.of()));
        try (GilLabServer one = alone.join(); GilLabServer p1 = first.join(); GilLabServer p2 = second.join()) {
            // A warm-up class each: JIT, the worker paths and the baselines, not measured.
            runClass("warm-up, one server", List.of(one), aloneDb);
            runClass("warm-up, two servers", List.of(p1, p2), pairDb);
            List<Double> oneServer = new ArrayList<>();
            List<Double> twoServers = new ArrayList<>();
            for (int r = 1; r <= repetitions; r++) {
                oneServer.add(runClass("one server, class " + r, List.of(one), aloneDb));
                twoServers.add(runClass("two servers, class " + r, List.of(p1, p2), pairDb));
            }
            double medianOne = median(oneServer);
            double medianTwo = median(twoServers);
            System.out.printf(Locale.ROOT, "%nTime to the last of %d results (median of %d): one server %.1f s,"
                            + " two servers %.1f s; one/two = %.2fx. Load average now: %s%n", CLASS_SIZE, repetitions,
                    medianOne, medianTwo, medianOne / medianTwo, loadAverage());
            System.out.println("""
                    Both servers of the pair share this machine's cores, and each run wants all of them: the pair can
                    only overlap what leaves cores idle (HTTP, database, a run's start and end), so about 1x is what
                    one machine allows. On two machines each server has its own cores: the queue drains twice as
                    fast, so expect close to 2x, less the shared database's small share (a claim, about ten event
                    batches a second per run).""");
        }
    }

    /** Sends the class's runs round-robin to {@code servers} and waits until every one has ended; returns seconds. */
    private static double runClass(String label, List<GilLabServer> servers, String database) throws Exception {
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < CLASS_SIZE; i++) {
            ids.add(servers.get(i % servers.size()).submitRun(RUN));
        }
        long deadline = start + CLASS_TIMEOUT.toNanos();
        Map<String, Integer> ended;
        while (true) {
            ended = endedByState(database, ids);
            if (ended.values().stream().mapToInt(Integer::intValue).sum() == CLASS_SIZE) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(label + ": only " + ended + " of " + CLASS_SIZE + " ended within " + CLASS_TIMEOUT);
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-22s %6.1f s  runs by state %s, done by server %s%n", label, seconds, ended,
                doneByServer(database, ids));
        return seconds;
    }

    private static Map<String, Integer> endedByState(String database, List<String> ids) throws SQLException {
        return countBy(database, ids, "state", "state IN ('done', 'failed', 'cancelled')");
    }

    private static Map<String, Integer> doneByServer(String database, List<String> ids) throws SQLException {
        return countBy(database, ids, "executed_by", "state = 'done'");
    }

    private static Map<String, Integer> countBy(String database, List<String> ids, String column, String where)
            throws SQLException {
        String in = String.join("', '", ids);
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection(database, TestPostgres.get().user(), "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + column + ", COUNT(*) FROM cluster_runs WHERE run_id IN ('" + in
                     + "') AND " + where + " GROUP BY " + column + " ORDER BY " + column)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
