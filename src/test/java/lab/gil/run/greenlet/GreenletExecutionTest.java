package lab.gil.run.greenlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.WorkerState;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.ExecutionSpecification;
import lab.gil.run.execution.Measurement;
import lab.gil.run.trace.StateCountSample;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

/** Greenlets on one hub keep the execution contract, and say what only greenlets have to say. */
class GreenletExecutionTest extends ExecutionSpecification {

    private static final Calibration FIXED = new Calibration(50, 20, 2.0, Calibration.Source.GIVEN);
    private static final Duration NO_TIME_LIMIT = Duration.ofSeconds(50);

    @Override
    protected ExecutionFactory factory() {
        return GreenletExecution.FACTORY;
    }

    @Override
    protected String executor() {
        return "greenlets";
    }

    /** A greenlet cannot die alone either: the crash ends the hub's one process. */
    @Override
    protected String crashMessageStart() {
        return "A task failed: the program reached a crash step. A greenlet cannot die alone";
    }

    /** The hub's own lane comes first. */
    @Override
    protected int lanesFor(int workers) {
        return workers + 1;
    }

    private static Scenario greenlets(int workers, String programs) {
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(Map.of("executor", "greenlets",
                "workers", String.valueOf(workers), "tasks", String.valueOf(workers), "programs", programs)))
                .scenario();
    }

    @Test
    void tenThousandGreenletsShowTheHubAndTheFirstSixteenAsLanesAndAllOfThemAsCountsByState() throws Exception {
        Execution execution = GreenletExecution.FACTORY.create(greenlets(10_000, "io 200ms"), FIXED,
                Duration.ofMillis(50), true);
        execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {});
        assertThat(execution.lanes().lanes()).isEqualTo(1 + GreenletLanes.SHOWN);
        assertThat(execution.lanes().counted()).isEqualTo(10_000);
        List<StateChange> changes = new ArrayList<>();
        execution.lanes().drain(changes::add);
        assertThat(changes).allSatisfy(c -> assertThat(c.worker()).isLessThanOrEqualTo(GreenletLanes.SHOWN));
        List<StateCountSample> samples = new ArrayList<>();
        execution.lanes().drainStateCounts(samples::add);
        assertThat(samples).as("10 ms apart at most once each over a 200 ms run").hasSizeBetween(2, 200);
        assertThat(samples).allSatisfy(s -> assertThat(java.util.Arrays.stream(s.counts()).sum()).isEqualTo(10_000));
        assertThat(samples).as("most of the waits overlap").anySatisfy(s ->
                assertThat(s.counts()[WorkerState.IO.ordinal()]).isGreaterThan(5_000));
        assertThat(samples.getLast().counts()[WorkerState.DONE.ordinal()]).isEqualTo(10_000);
        assertThat(samples).extracting(StateCountSample::nanoTime).isSorted();
    }

    @Test
    void theSummarySaysHowLongGreenletsWaitedForTheHubWhileAnotherComputed() throws Exception {
        Scenario scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(Map.of("executor", "greenlets",
                "workers", "2", "tasks", "2", "programs", "io 2ms; cpu 2000000\nio 1ms; io 1ms; io 1ms; io 1ms"
                        + "; io 1ms; io 1ms; io 1ms; io 1ms"))).scenario();
        Execution execution = GreenletExecution.FACTORY.create(scenario, FIXED, Duration.ofMillis(50), false);
        Measurement m = execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {});
        ExecutionFigures figures = execution.figures(m);
        assertThat(figures.gil().mode()).isEqualTo("greenlets");
        assertThat(figures.greenlets().hubWaitMaxMillis()).as("one wait of the I/O greenlet spans the cpu step")
                .isGreaterThan(10);
        assertThat(figures.gil().ioRetakeMaxMillis()).isGreaterThan(10);
        assertThat(figures.greenlets().startMillis()).isPositive();
        assertThat(figures.greenlets().bytesPerGreenlet()).as("two greenlets: too few to tell from the server's own")
                .isEqualTo(-1);
        assertThat(figures.greenlets().hasMemory()).isFalse();
        assertThat(m.cpuNanos()).as("the hub's busy time covers the cpu step").isGreaterThan(m.wallNanos() / 4);
    }

    @Test
    void aBareReadModifyWriteOnGreenletsLosesNoUpdate() throws Exception {
        Execution execution = GreenletExecution.FACTORY.create(greenlets(50, "incr-call 2000; io 1ms; incr 2000"),
                FIXED, Duration.ofMillis(50), false);
        Measurement m = execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {});
        assertThat(execution.figures(m).counter().actual()).isEqualTo(50 * 4000);
        assertThat(execution.figures(m).counter().expected()).isEqualTo(50 * 4000);
    }

    @Test
    void greenletsBoundsAndGilAreCheckedWithClearMessages() {
        assertThat(ScenarioParser.parse(Map.of("executor", "greenlets", "workers", "10001", "programs", "io 1ms")))
                .isInstanceOfSatisfying(ScenarioParser.Result.Invalid.class, i ->
                        assertThat(i.errors().get("workers")).contains("greenlets from 1 to 10000"));
        assertThat(ScenarioParser.parse(Map.of("executor", "greenlets", "workers", "10", "tasks", "10001",
                "programs", "io 1ms"))).isInstanceOf(ScenarioParser.Result.Invalid.class);
        assertThat(ScenarioParser.parse(Map.of("executor", "greenlets", "workers", "2", "gil", "free-threaded",
                "programs", "io 1ms"))).isInstanceOfSatisfying(ScenarioParser.Result.Invalid.class, i ->
                        assertThat(i.errors().get("gil")).contains("choose gil"));
        assertThat(ScenarioParser.parse(Map.of("executor", "threads", "workers", "101", "programs", "io 1ms")))
                .as("threads keep their own bound").isInstanceOf(ScenarioParser.Result.Invalid.class);
    }

    @Override
    protected int workersToMeasureCost() {
        return 100;
    }

    @Override
    protected String workerKind() {
        return lab.gil.cost.WorkerCost.GREENLET;
    }
}
