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
        PostgresBroadcasts broadcasts = new PostgresBroadcasts(database);
        toClose.add(broadcasts);
        JsonMapper json = RunServices.kinds(null).jsonMapper();
        ClusterRuns cluster = new ClusterRuns(new JdbcTemplate(database),
                new TransactionTemplate(new DataSourceTransactionManager(database)), broadcasts, json);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RunArchive archive = new RunArchive(JdbcClient.create(database), json, new RunArchiveProperties(Duration.ofHours(1)));
        toClose.add(archive::stop);
        RunService runs = RunServices.withQueue(new SharedRunQueue(cluster, PROPERTIES,
                new SseStreams(registry).countFor("run")), archive, PROPERTIES, CALIBRATION, registry, null, null);
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
}
