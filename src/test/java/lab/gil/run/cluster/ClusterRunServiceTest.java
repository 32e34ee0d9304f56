package lab.gil.run.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.broadcast.PostgresBroadcasts;
import lab.gil.db.TestPostgres;
import lab.gil.interpreter.Calibration;
import lab.gil.machine.ServerCalibration;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunServices;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.Submitter;
import lab.gil.run.measure.RunEngine;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.EventChannel;
import lab.gil.stream.SseStreams;
import lab.gil.stream.StreamEvent;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two run services sharing one real PostgreSQL, as two servers would (each with its own connections, broadcasts and
 * lease), executing real runs.
 */
class ClusterRunServiceTest {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    private static final long TIMEOUT_SECONDS = 60;
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);

    private HikariDataSource database;
    private JdbcTemplate jdbc;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<RunService> services = new ArrayList<>();

    private record Server(RunService runs, SimpleMeterRegistry registry, ClusterRuns cluster) {}

    @BeforeEach
    void sharedDatabase() {
        database = new HikariDataSource();
        database.setJdbcUrl(TestPostgres.get().newDatabaseUrl());
        database.setUsername(TestPostgres.get().user());
        database.setMaximumPoolSize(20);
        Flyway.configure().dataSource(database).load().migrate();
        jdbc = new JdbcTemplate(database);
    }

    @AfterEach
    void stopServers() throws Exception {
        services.forEach(RunService::stop);
        for (AutoCloseable c : toClose.reversed()) {
            c.close();
        }
        database.close();
    }

    private ClusterRuns clusterMember() {
        PostgresBroadcasts broadcasts = new PostgresBroadcasts(database);
        toClose.add(broadcasts);
        // As the application's mapper, which knows every kind's figures, so that a relayed summary reads back.
        return new ClusterRuns(jdbc, new TransactionTemplate(new DataSourceTransactionManager(database)), broadcasts,
                RunServices.kinds(null).jsonMapper());
    }

    private Server server() {
        return server(ServerCalibration.of(CALIBRATION));
    }

    /** A server that claims runs once {@code calibration} has been measured. */
    private Server server(ServerCalibration calibration) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ClusterRuns cluster = clusterMember();
        RunProperties properties = new RunProperties(Duration.ofSeconds(60), 200, 500);
        RunService runs = RunServices.withQueue(new SharedRunQueue(cluster, properties,
                new SseStreams(registry).countFor("run"), calibration), lab.gil.run.FinishedRuns.NONE, properties,
                calibration, registry, null, null);
        runs.start();
        services.add(runs);
        return new Server(runs, registry, cluster);
    }

    private static Scenario scenario(String... pairs) {
        Map<String, String> knobs = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            knobs.put(pairs[i], pairs[i + 1]);
        }
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(knobs)).scenario();
    }

    /** Waits for each run to end, through the watcher made when it was submitted, and asserts it ended done. */
    private static void assertEachEndedDone(List<Run> runs, List<RunWatcher> watchers) throws InterruptedException {
        for (int i = 0; i < runs.size(); i++) {
            assertThat(watchers.get(i).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("run %d ended", i).isTrue();
            assertThat(runs.get(i).state()).as("run %d", i).isEqualTo(RunState.DONE);
        }
    }

    private static double started(Server s) {
        return s.registry().find("gillab.runs.started").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Test
    void runsSubmittedToBothServersAreEachExecutedExactlyOnceByWhicheverIsFree() throws InterruptedException {
        Server a = server();
        Server b = server();
        List<Run> submitted = new ArrayList<>();
        List<RunWatcher> watchers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Server to = i % 2 == 0 ? a : b;
            Run run = to.runs().submit(scenario("workers", "1", "programs", "io 150ms"), "lesson-1", null);
            submitted.add(run);
            watchers.add(RunWatcher.watch(run));
        }
        assertEachEndedDone(submitted, watchers);

        assertThat(started(a) + started(b)).as("runs started on both servers together").isEqualTo(8);
        assertThat(started(a)).as("server A executed some").isPositive();
        assertThat(started(b)).as("server B executed some").isPositive();
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT state, executed_by FROM cluster_runs");
        assertThat(rows).hasSize(8).allSatisfy(r -> assertThat(r.get("state")).isEqualTo("done"));
        assertThat(rows.stream().map(r -> r.get("executed_by")).distinct())
                .containsExactlyInAnyOrder(a.cluster().serverId(), b.cluster().serverId());
    }

    /**
     * A server restarted under a class measures the machine for 30-45 s; runs it claimed meanwhile waited for that
     * while the other server was free. It claims none until it has measured, then claims as any server does.
     */
    @Test
    void aServerClaimsNoRunWhileItMeasuresTheMachineAndTheOthersRunThemMeanwhile() throws InterruptedException {
        java.util.concurrent.CountDownLatch measuringMayEnd = new java.util.concurrent.CountDownLatch(1);
        ServerCalibration measuring = RunServices.measuredWhen(measuringMayEnd, CALIBRATION, TIMEOUT_SECONDS);
        measuring.startInBackground();
        Server restarted = server(measuring);
        Server other = server();
        List<Run> whileMeasuring = new ArrayList<>();
        List<RunWatcher> watchers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Run run = restarted.runs().submit(scenario("workers", "1", "programs", "io 100ms"), "lesson-1", null);
            whileMeasuring.add(run);
            watchers.add(RunWatcher.watch(run));
        }
        assertEachEndedDone(whileMeasuring, watchers);
        assertThat(started(restarted)).as("runs started by the server still measuring").isZero();
        assertThat(started(other)).as("runs the other server ran meanwhile, submitted to the measuring one").isEqualTo(3);

        Run busy = other.runs().submit(scenario("workers", "1", "programs", "io 3s"), "lesson-1", null);
        assertThat(RunWatcher.watch(busy).awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        measuringMayEnd.countDown();
        Run afterwards = other.runs().submit(scenario("workers", "1", "programs", "io 100ms"), "lesson-1", null);
        assertThat(RunWatcher.watch(afterwards).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(afterwards.state()).isEqualTo(RunState.DONE);
        assertThat(started(restarted)).as("measured, it claims the run the busy other server cannot").isEqualTo(1);
    }

    @Test
    void aPageOnTheOtherServerGetsTheSameEventsWithTheSameIdsAndResumesWithoutAGap() throws InterruptedException {
        Server a = server();
        Server b = server();
        // Keep A busy so that B executes the run submitted to A.
        Run blocker = a.runs().submit(scenario("workers", "1", "programs", "io 60s"), null, null);
        RunWatcher blockerWatch = RunWatcher.watch(blocker);
        assertThat(blockerWatch.awaitEvent("state", TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Run followedOnA = a.runs().submit(scenario("workers", "2", "programs", "cpu 2000000\nio 100ms"), null, null);
        RunWatcher onA = RunWatcher.watch(followedOnA);

        assertThat(onA.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the relayed stream ended").isTrue();
        Run executedOnB = b.runs().find(followedOnA.id()).orElseThrow();
        RunWatcher onB = RunWatcher.watch(executedOnB);
        assertThat(onB.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(started(b)).isEqualTo(1);
        assertThat(followedOnA.state()).isEqualTo(RunState.DONE);
        assertThat(followedOnA.summary()).as("the summary read from the relayed event").isNotNull();
        assertThat(followedOnA.summary().tasks()).isEqualTo(executedOnB.summary().tasks());
        JsonMapper json = JsonMapper.builder().build();
        assertThat(onA.events).extracting(StreamEvent::id).containsExactlyElementsOf(
                onB.events.stream().map(StreamEvent::id).toList());
        assertThat(onA.events.stream().map(e -> e.name() + " " + e.json(json::writeValueAsString)).toList())
                .containsExactlyElementsOf(onB.events.stream().map(e -> e.name() + " " + e.json(json::writeValueAsString)).toList());

        // A page that saw the first three events resumes on A after them, and gets exactly the rest.
        RunWatcher resumed = new RunWatcher();
        followedOnA.events().subscribe(resumed, 3);
        assertThat(resumed.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.events).extracting(StreamEvent::id).containsExactlyElementsOf(
                onB.events.stream().map(StreamEvent::id).filter(id -> id > 3).toList());
        a.runs().stop(blocker);
    }

    @Test
    void aRunOfADeadServerFailsClearlyAndTheQueueIsDrainedByTheOthers() throws InterruptedException {
        // A "server" that takes out a lease, queues and claims a run, and then never answers again, as a killed one.
        ClusterRuns dead = clusterMember();
        dead.heartbeat();
        Scenario longRun = scenario("workers", "1", "programs", "io 60s");
        dead.enqueue(runOf("0123456789abcdef", longRun, Submitter.anonymous()), ScenarioParser.knobsOf(longRun), null);
        assertThat(dead.claim()).isPresent();

        Server a = server();
        Run abandoned = a.runs().find("0123456789abcdef").orElseThrow();
        RunWatcher abandonedWatch = RunWatcher.watch(abandoned);
        List<Run> queuedAfter = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queuedAfter.add(a.runs().submit(scenario("workers", "1", "programs", "io 50ms"), null, null));
        }

        assertThat(abandonedWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the abandoned run ended").isTrue();
        assertThat(abandoned.state()).isEqualTo(RunState.FAILED);
        assertThat(abandoned.message()).contains(dead.serverId()).contains("stopped answering");
        for (Run r : queuedAfter) {
            RunWatcher w = RunWatcher.watch(r);
            assertThat(w.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(r.state()).isEqualTo(RunState.DONE);
        }
        assertThat(started(a)).as("the dead server's run is never executed again").isEqualTo(3);
    }

    private static Run runOf(String id, Scenario scenario, Submitter by) {
        return new Run(id, scenario, RunEngine.EMULATION, null, null, by, EventChannel.SubscriberCount.NONE);
    }

    @Test
    void theSharedQueueStartsRunsInTheFairQueuesOrderAndKnowsEachOnesPosition() {
        ClusterRuns queue = clusterMember();
        Scenario s = scenario("programs", "io 10ms");
        Submitter alice = Submitter.classMember("alice", "CLASS1");
        Submitter bob = Submitter.classMember("bob", "CLASS1");
        Submitter carol = Submitter.session("carol");
        Submitter teacher = Submitter.instructor("teacher");
        // Arrival order: the class's two runs, a lone session, then the instructor.
        for (var arrival : List.of(Map.entry("a1", alice), Map.entry("b1", bob), Map.entry("c1", carol),
                Map.entry("t1", teacher))) {
            queue.enqueue(runOf(arrival.getKey(), s, arrival.getValue()), ScenarioParser.knobsOf(s), null);
        }
        // The instructor first; then the class and the lone session take turns.
        assertThat(List.of("t1", "a1", "c1", "b1")).extracting(queue::position).containsExactly(1, 2, 3, 4);

        // Alice's newer run replaces her waiting one in its place.
        Long place = queue.cancelQueuedReturningPlace("a1", "replaced");
        queue.enqueue(runOf("a2", s, alice), ScenarioParser.knobsOf(s), place);
        assertThat(queue.position("a1")).isZero();

        List<String> started = new ArrayList<>();
        for (var claimed = queue.claim(); claimed.isPresent(); claimed = queue.claim()) {
            started.add(claimed.get().runId());
            assertThat(claimed.get().submitter()).isNotNull();
        }
        assertThat(started).containsExactly("t1", "a2", "c1", "b1");
    }

    @Test
    void aQueuedRunStoppedOnAnotherServerIsCancelledEverywhere() throws InterruptedException {
        Server a = server();
        Server b = server();
        Run blockA = a.runs().submit(scenario("workers", "1", "programs", "io 60s"), null, null);
        Run blockB = a.runs().submit(scenario("workers", "1", "programs", "io 60s"), null, null);
        Run waiting = a.runs().submit(scenario("workers", "1", "programs", "io 50ms"), null, null);
        RunWatcher aWatch = RunWatcher.watch(blockA);
        RunWatcher bWatch = RunWatcher.watch(blockB);
        assertThat(aWatch.awaitEvent("state", TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(bWatch.awaitEvent("state", TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(a.runs().position(waiting)).isEqualTo(1);
        assertThat(b.runs().queueLength()).isEqualTo(1);

        Run seenOnB = b.runs().find(waiting.id()).orElseThrow();
        RunWatcher waitingWatch = RunWatcher.watch(waiting);
        b.runs().stop(seenOnB);
        assertThat(waitingWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(waiting.state()).isEqualTo(RunState.CANCELLED);

        // A running run stopped through the server that does not execute it.
        Run runningOnB = jdbc.queryForObject("SELECT executed_by FROM cluster_runs WHERE run_id = ?", String.class,
                blockA.id()).equals(b.cluster().serverId()) ? blockA : blockB;
        RunWatcher runningWatch = runningOnB == blockA ? aWatch : bWatch;
        a.runs().stop(runningOnB);
        assertThat(runningWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(runningOnB.state()).isEqualTo(RunState.CANCELLED);
        a.runs().stop(runningOnB == blockA ? blockB : blockA);
    }
}
