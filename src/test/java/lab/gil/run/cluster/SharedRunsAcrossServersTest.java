package lab.gil.run.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.broadcast.PostgresBroadcasts;
import lab.gil.db.TestPostgres;
import lab.gil.interpreter.Calibration;
import lab.gil.machine.ServerCalibration;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunQueue;
import lab.gil.run.RunService;
import lab.gil.run.RunServices;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.Submitter;
import lab.gil.run.archive.RunArchive;
import lab.gil.run.archive.RunArchiveProperties;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.SseStreams;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a person does through any server holds on every server: one run waiting or running per person, whichever
 * server each press reaches; and a run one server executed is read back whole from another once it ended, also
 * after the first is gone. Two run services on one real PostgreSQL, each with its own shared queue and archive.
 */
class SharedRunsAcrossServersTest {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    private static final long TIMEOUT_SECONDS = 60;
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);
    private static final RunProperties PROPERTIES = new RunProperties(Duration.ofSeconds(60), 200, 500);
    private static final Submitter ADA = Submitter.session("ada-session");

    private HikariDataSource database;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void sharedDatabase() {
        database = new HikariDataSource();
        database.setJdbcUrl(TestPostgres.get().newDatabaseUrl());
        database.setUsername(TestPostgres.get().user());
        database.setMaximumPoolSize(20);
        Flyway.configure().dataSource(database).load().migrate();
    }

    @AfterEach
    void stopServers() throws Exception {
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        database.close();
    }

    private RunService server() {
        return server(database);
    }

    /** A server whose shared tables are reached through {@code tables}: the database, or a slower way to it. */
    private RunService server(DataSource tables) {
        PostgresBroadcasts broadcasts = new PostgresBroadcasts(database);
        toClose.add(broadcasts);
        JsonMapper json = RunServices.kinds(null).jsonMapper();
        ClusterRuns cluster = new ClusterRuns(new JdbcTemplate(tables),
                new TransactionTemplate(new DataSourceTransactionManager(database)), broadcasts, json);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunArchive archive = new RunArchive(JdbcClient.create(database), json, new RunArchiveProperties(Duration.ofHours(1)));
        toClose.add(archive::stop);
        RunService runs = RunServices.withQueue(new SharedRunQueue(cluster, PROPERTIES,
                new SseStreams(registry).countFor("run"), ServerCalibration.of(CALIBRATION)), archive, PROPERTIES, CALIBRATION, registry, null, null);
        runs.start();
        toClose.add(runs::stop);
        return runs;
    }

    /**
     * Waits until {@code run} is in {@code state}, as this server sees it: a run another server executes reaches
     * this server's copy through the relay, whose events carry the executing server's JSON as it was.
     */
    private static void awaitState(Run run, RunState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (run.state() != state) {
            assertThat(System.nanoTime()).as("run %s %s within %d s, now %s", run.id(), state, TIMEOUT_SECONDS,
                    run.state()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static Scenario scenario(String programs) {
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(
                Map.of("executor", "threads", "workers", "2", "programs", programs))).scenario();
    }

    @Test
    void aPersonsSecondPressOnTheOtherServerIsRefusedWhileTheFirstRunsAndReplacesItWhileItWaits() throws Exception {
        RunService a = server();
        RunService b = server();
        Run running = a.submit(ADA, scenario("io 30s"), null, null);
        awaitState(running, RunState.RUNNING);

        assertThatThrownBy(() -> b.submit(ADA, scenario("io 1ms"), null, null))
                .as("a press on the other server while the first runs").isInstanceOf(RunQueue.StillRunning.class)
                .satisfies(e -> assertThat(((RunQueue.StillRunning) e).running().id()).isEqualTo(running.id()));

        // Bob's and Carol's runs keep both servers busy, so that Ada's next run waits.
        Run bobs = b.submit(Submitter.session("bob-session"), scenario("io 30s"), null, null);
        awaitState(bobs, RunState.RUNNING);
        a.stop(running);
        awaitState(running, RunState.CANCELLED);
        Run carols = a.submit(Submitter.session("carol-session"), scenario("io 30s"), null, null);
        awaitState(carols, RunState.RUNNING);
        Run waiting = a.submit(ADA, scenario("io 30s"), null, null);
        Run instead = b.submit(ADA, scenario("io 1ms"), null, null);

        awaitState(waiting, RunState.CANCELLED);
        assertThat(waiting.message()).as("the waiting run submitted through A is replaced by the press on B")
                .contains("Replaced by your newer run");
        b.stop(bobs);
        a.stop(carols);
        assertThat(RunWatcher.watch(instead).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(instead.state()).isEqualTo(RunState.DONE);
    }

    @Test
    void aRunOneServerExecutedIsReadWithItsLanesByAnotherStartedLaterOnceTheFirstIsGone() throws Exception {
        RunService a = server();
        Run ran = a.submit(ADA, scenario("cpu 200000\nio 2ms"), "cores-and-threads", null);
        assertThat(RunWatcher.watch(ran).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(ran.state()).isEqualTo(RunState.DONE);
        RunService b = server();
        a.stop();

        Run read = b.find(ran.id()).orElseThrow();

        assertThat(read.state()).isEqualTo(RunState.DONE);
        assertThat(read.summary()).isEqualTo(ran.summary());
        assertThat(read.lessonId()).isEqualTo("cores-and-threads");
        assertThat(read.trace()).as("its lanes").isPresent();
        assertThat(read.trace().orElseThrow().snapshot().changes())
                .hasSameSizeAs(ran.trace().orElseThrow().snapshot().changes());
    }

    /**
     * A server follows the run pressed through it from the table until it claims the run itself. When the relay was
     * reading the run's events at the moment of the claim, it fed the run its own first events back, and the run
     * started twice for the pages and the other servers ("running" under two ids; seen once in ClusterIT). Here
     * the relay's reads of events are held back by {@link #RELAY_READ_DELAY}, so that each one spans the claim.
     */
    @Test
    void aRunItsServerClaimsWhileTheRelayReadsItsEventsStartsOnceAndIsSharedOnce() throws Exception {
        RunService server = server(relayReadsEventsLate(database));
        List<Run> pressed = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Run run = server.submit(Submitter.session("student-" + i), scenario("io 1ms"), null, null);
            assertThat(RunWatcher.watch(run).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(run.id()).isTrue();
            pressed.add(run);
        }

        JdbcTemplate table = new JdbcTemplate(database);
        for (Run run : pressed) {
            assertThat(run.state()).as("run %s", run.id()).isEqualTo(RunState.DONE);
            List<Map<String, Object>> events = table.queryForList("SELECT event_id, name, data FROM cluster_run_events"
                    + " WHERE run_id = ? ORDER BY event_id", run.id());
            assertThat(events).as("run %s started once", run.id())
                    .filteredOn(e -> e.get("name").equals("state") && e.get("data").toString().contains("\"running\""))
                    .hasSize(1);
            assertThat(events).as("run %s ended once", run.id())
                    .filteredOn(e -> e.get("name").equals("state") && e.get("data").toString().contains("\"done\""))
                    .hasSize(1);
            assertThat(events).as("run %s: its stream's ids, 1, 2, 3...", run.id())
                    .extracting(e -> ((Number) e.get("event_id")).longValue())
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
        }
    }

    /** Long enough for a claim, a start and the first events to be written; short beside the test's time. */
    private static final Duration RELAY_READ_DELAY = Duration.ofMillis(300);

    /**
     * The database, where the relay thread's reads of a run's events start {@link #RELAY_READ_DELAY} late (before
     * the statement runs, so that it sees what was written meanwhile), as on a server whose database answers slowly.
     */
    private static DataSource relayReadsEventsLate(DataSource database) {
        return (DataSource) java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = invoke(database, method, args);
                    if (!(result instanceof java.sql.Connection connection)) {
                        return result;
                    }
                    return java.lang.reflect.Proxy.newProxyInstance(DataSource.class.getClassLoader(),
                            new Class<?>[] {java.sql.Connection.class}, (c, m, a) -> {
                                if (m.getName().equals("prepareStatement") && a[0].toString().contains("event_id >")
                                        && Thread.currentThread().getName().equals("run-relay")) {
                                    try {
                                        Thread.sleep(RELAY_READ_DELAY);
                                    } catch (InterruptedException e) {
                                        // The relay is closing: its read fails as a database's would.
                                        Thread.currentThread().interrupt();
                                        throw new java.sql.SQLException("interrupted", e);
                                    }
                                }
                                return invoke(connection, m, a);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
