package lab.gil.run.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import lab.gil.interpreter.Calibration;
import lab.gil.run.LocalRunQueue;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunServices;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.Submitter;
import lab.gil.run.trace.LaneStyle;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.EventChannel;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finished run is kept in the database by the server that executed it, and read back whole (figures, lanes,
 * labels) by any server that does not hold it: another server, or this one after a restart.
 */
class RunArchiveTest {

    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);
    private static final long TIMEOUT_SECONDS = 60;
    private static final RunProperties PROPERTIES = new RunProperties(Duration.ofSeconds(60), 10, 100);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JsonMapper json = RunServices.kinds(null).jsonMapper();
    private JdbcClient jdbc;
    private RunArchive archiveOfA;
    private RunService serverA;
    private RunService serverB;

    @BeforeEach
    void twoServersOnOneDatabase() {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:archive-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).load().migrate();
        jdbc = JdbcClient.create(db);
        archiveOfA = new RunArchive(jdbc, json, new RunArchiveProperties(Duration.ofHours(24)));
        serverA = RunServices.withQueue(new LocalRunQueue(PROPERTIES), archiveOfA, PROPERTIES, CALIBRATION, registry,
                null, null);
        serverB = RunServices.withQueue(new LocalRunQueue(PROPERTIES),
                new RunArchive(jdbc, json, new RunArchiveProperties(Duration.ofHours(24))), PROPERTIES, CALIBRATION,
                registry, null, null);
        serverA.start();
        serverB.start();
    }

    @AfterEach
    void stopServers() {
        serverA.stop();
        serverB.stop();
        archiveOfA.stop();
    }

    private Run runOnA() throws InterruptedException {
        Scenario scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(
                Map.of("executor", "threads", "workers", "2", "programs", "cpu 200000\nio 2ms"))).scenario();
        Run run = serverA.submit(Submitter.session("ada"), scenario, "cores-and-threads", null);
        RunWatcher watcher = RunWatcher.watch(run);
        assertThat(watcher.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the run ends").isTrue();
        assertThat(run.state()).isEqualTo(RunState.DONE);
        return run;
    }

    @Test
    void anotherServerReadsAFinishedRunBackWithItsFiguresLanesAndLabels() throws Exception {
        Run ran = runOnA();

        Run read = serverB.find(ran.id()).orElseThrow();

        assertThat(read).isNotSameAs(ran);
        assertThat(read.state()).isEqualTo(RunState.DONE);
        assertThat(read.summary()).as("the same figures").isEqualTo(ran.summary());
        assertThat(read.scenario()).isEqualTo(ran.scenario());
        assertThat(read.lessonId()).isEqualTo("cores-and-threads");
        assertThat(read.submitter()).isEqualTo(Submitter.session("ada"));
        assertThat(read.createdAt()).isEqualTo(ran.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MICROS));
        RunTrace.Snapshot original = ran.trace().orElseThrow().snapshot();
        RunTrace.Snapshot lanes = read.trace().orElseThrow().snapshot();
        assertThat(lanes.changes()).as("the same lanes").hasSameSizeAs(original.changes()).isNotEmpty();
        for (int i = 0; i < lanes.changes().size(); i++) {
            assertThat(lanes.changes().get(i)).isEqualTo(original.changes().get(i));
        }
        assertThat(lanes.workers()).isEqualTo(2);
        assertThat(lanes.startEpochMillis()).isEqualTo(original.startEpochMillis());
    }

    @Test
    void aRunReadBackHasAStreamThatEndsAtOnce() throws Exception {
        Run read = serverB.find(runOnA().id()).orElseThrow();

        RunWatcher watcher = RunWatcher.watch(read);
        assertThat(watcher.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(watcher.events).isEmpty();
    }

    @Test
    void aKeptRunIsForgottenOnceItEndedLongerAgoThanTheRetention() throws Exception {
        String id = runOnA().id();
        jdbc.sql("UPDATE finished_runs SET ended_at = ended_at - INTERVAL '25' HOUR WHERE run_id = :id")
                .param("id", id).update();

        archiveOfA.forgetOld();

        assertThat(archiveOfA.find(id, EventChannel.SubscriberCount.NONE)).isEmpty();
    }

    @Test
    void aKeptRunThisServerCannotReadIsAbsentRatherThanAnError() throws Exception {
        String id = runOnA().id();
        jdbc.sql("UPDATE finished_runs SET knobs = :knobs WHERE run_id = :id")
                .param("knobs", "{\"workers\":\"-5\"}").param("id", id).update();

        assertThat(archiveOfA.find(id, EventChannel.SubscriberCount.NONE)).isEmpty();
    }

    @Test
    void lanesKeptByAServerThatNumberedItsStatesOtherwiseReadBackAsTheSameStates() {
        RunTrace.Snapshot kept = new RunTrace.Snapshot(1_000, 1, LaneStyle.sharingOneGil(), List.of("RUNNING", "IDLE"), 20,
                List.of(new long[] {0, 0, 5}, new long[] {0, 1, 20}), false, 0, 0, RunTrace.CAPACITY);

        RunTrace.Snapshot read = RunTrace.of(kept).snapshot();

        assertThat(read.states()).isEqualTo(RunTrace.STATES);
        assertThat(read.changes().get(0)).containsExactly(0, RunTrace.STATES.indexOf("RUNNING"), 5);
        assertThat(read.changes().get(1)).containsExactly(0, RunTrace.STATES.indexOf("IDLE"), 20);
    }
}
