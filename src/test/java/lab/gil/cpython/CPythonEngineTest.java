package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import lab.gil.run.FinishedRuns;
import lab.gil.run.LocalRunQueue;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.Submitter;
import lab.gil.run.summary.RunSummary;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run queued for the engine "cpython" runs its scenario's program in python3 and ends with CPython's figures. */
class CPythonEngineTest {

    /** Two small programs (the one-worker one first), on a busy machine. */
    private static final long RUN_TIMEOUT_SECONDS = 120;

    private RunService runs;
    /** The events the engine published, in order. */
    private final List<Object> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startService() {
        PythonBuilds builds = new PythonBuilds(CPythonProperties.defaults());
        assumeTrue(builds.main().isPresent(), "python3 is not installed");
        RunProperties properties = new RunProperties(Duration.ofSeconds(60), 10, 10);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        runs = new RunService(properties, new LocalRunQueue(properties), FinishedRuns.NONE,
                List.of(new CPythonEngine(builds, CPythonProperties.defaults(), told::add)), registry, new SseStreams(registry));
        runs.start();
    }

    @AfterEach
    void stopService() {
        if (runs != null) {
            runs.stop();
        }
    }

    @Test
    void aCPythonRunMeasuresOneWorkerFirstAndEndsWithCPythonsFigures() throws Exception {
        Run run = runs.submit(Submitter.anonymous(), CPythonEngine.ID, Scenarios.of("workers", "2", "tasks", "2",
                "programs", "incr-call 2000000", "split", "true", "switchInterval", "0.1"), null, null);

        assertThat(RunWatcher.watch(run).awaitState(RunState.DONE, RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("%s %s", run.state(), run.message()).isTrue();
        RunSummary s = run.summary();
        assertThat(s.calibration().source()).isEqualTo(CPythonSummary.SOURCE);
        assertThat(s.calibration().cpythonVersion()).matches("3\\.\\d+\\.\\d+.*");
        assertThat(s.wallMillis()).isPositive();
        assertThat(s.baselineWallMillis()).as("the one-worker program ran first").isPositive();
        assertThat(s.speedup()).isEqualTo(s.baselineWallMillis() / s.wallMillis());
        assertThat(s.counter().expected()).isEqualTo(2_000_000);
        assertThat(s.counter().lost()).as("a call between read and write, in real CPython").isPositive();
        assertThat(told).singleElement().isInstanceOfSatisfying(CPythonRunEnded.class, ended -> {
            assertThat(ended.outcome()).isEqualTo(CPythonRunEnded.Outcome.MEASURED);
            assertThat(ended.summary()).isSameAs(s);
            assertThat(ended.tasksDone()).as("the measured program's tasks, not the one-worker program's").isEqualTo(2);
            assertThat(ended.build()).startsWith("CPython 3.");
        });
    }

    @Test
    void aCPythonRunOfACrashEndsWithTheProgramsWords() throws Exception {
        Run run = runs.submit(Submitter.anonymous(), CPythonEngine.ID, Scenarios.of("workers", "2", "tasks", "2",
                "programs", "crash\nio 10ms"), null, null);

        assertThat(RunWatcher.watch(run).awaitState(RunState.FAILED, RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.message()).contains("exit code 1", "a crash ends the whole process");
        assertThat(told).singleElement().isInstanceOfSatisfying(CPythonRunEnded.class, ended -> {
            assertThat(ended.outcome()).isEqualTo(CPythonRunEnded.Outcome.FAILED);
            assertThat(ended.message()).isEqualTo(run.message());
            assertThat(ended.summary()).isNull();
        });
    }
}
