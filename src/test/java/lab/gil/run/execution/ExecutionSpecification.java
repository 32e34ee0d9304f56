package lab.gil.run.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.WorkerState;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every kind of execution promises where the kinds share behaviour: threads, processes, and whatever kind of
 * worker comes next. Each kind has one subclass that says how to make its executions.
 */
@Timeout(value = ExecutionSpecification.TIMEOUT_SECONDS, unit = TimeUnit.SECONDS)
public abstract class ExecutionSpecification {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    static final long TIMEOUT_SECONDS = 60;
    /** Far beyond any run here: the specs that end early must end long before it. */
    private static final Duration NO_TIME_LIMIT = Duration.ofSeconds(50);
    /** Faster than the page's 10 Hz, so that a short run still reports several times. */
    private static final Duration OBSERVE_PERIOD = Duration.ofMillis(20);
    /** A fixed cost per emulated iteration: these specs are about the execution, not about CPython's speed. */
    protected static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);

    /** How this kind's executions are made. */
    protected abstract ExecutionFactory factory();

    /** The executor knob of this kind, as the form spells it ({@code threads}, {@code processes}). */
    protected abstract String executor();

    /** How the message of a run whose task reached a {@code crash} step starts, for this kind of worker. */
    protected abstract String crashMessageStart();

    /** How many lanes this kind draws for {@code workers} workers: one each, unless the kind adds its own. */
    protected int lanesFor(int workers) {
        return workers;
    }

    private Scenario scenario(int workers, int tasks, String programs) {
        Map<String, String> knobs = new HashMap<>();
        knobs.put("executor", executor());
        knobs.put("workers", String.valueOf(workers));
        knobs.put("tasks", String.valueOf(tasks));
        knobs.put("programs", programs);
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(knobs)).scenario();
    }

    private Execution execution(Scenario scenario) throws EndedEarly {
        return factory().create(scenario, CALIBRATION, OBSERVE_PERIOD, true);
    }

    /** Every progress report an execution made, in order. */
    private static final class Reports implements Observer {
        record Report(int tasksDone, long iterations, long elapsedNanos) {}

        final List<Report> reports = new CopyOnWriteArrayList<>();

        @Override
        public void onProgress(int tasksDone, long cpuIterationsDone, long elapsedNanos) {
            reports.add(new Report(tasksDone, cpuIterationsDone, elapsedNanos));
        }

        Report last() {
            return reports.getLast();
        }
    }

    @Test
    public void everyTaskRunsToItsEndAndIsCountedInTheMeasurement() throws Exception {
        // 25 ms of work a task, 50 ms a worker: a worker process's CPU time comes from the kernel in clock ticks
        // (10 ms), and a warm worker's 5 ms (cpu 50000) was once counted as none.
        Execution execution = execution(scenario(2, 4, "cpu 500000"));
        Reports observer = new Reports();
        Measurement m = execution.execute(() -> false, NO_TIME_LIMIT, observer);
        assertThat(m.cpuIterations()).isEqualTo(4 * 500_000);
        assertThat(m.wallNanos()).isPositive();
        assertThat(m.cpuNanos()).isPositive();
        assertThat(m.startNanos()).as("the lanes' time zero is the clock's start").isEqualTo(execution.startNanos());
        assertThat(observer.last().tasksDone()).as("the last report counts every task").isEqualTo(4);
        assertThat(observer.last().iterations()).isEqualTo(4 * 500_000);
    }

    @Test
    public void progressIsReportedWhileTheTasksRunAndOnceAtTheEnd() throws Exception {
        Reports observer = new Reports();
        execution(scenario(2, 2, "io 400ms")).execute(() -> false, NO_TIME_LIMIT, observer);
        assertThat(observer.reports).as("400 ms observed every 20 ms").hasSizeGreaterThanOrEqualTo(3);
        assertThat(observer.reports.getFirst().tasksDone()).as("reported while the tasks wait").isZero();
        assertThat(observer.reports).extracting(Reports.Report::elapsedNanos).isSorted();
        assertThat(observer.last().tasksDone()).isEqualTo(2);
    }

    @Test
    public void stoppingEndsTheRunEarlyWithStopped() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Observer stopAtFirstReport = (tasksDone, iterations, elapsed) -> stop.set(true);
        Execution execution = execution(scenario(2, 4, "io 40s"));
        assertThatThrownBy(() -> execution.execute(stop::get, NO_TIME_LIMIT, stopAtFirstReport))
                .isInstanceOf(EndedEarly.class)
                .hasMessageStartingWith("Stopped")
                .hasMessageNotContaining("time limit");
    }

    @Test
    public void theTimeLimitEndsTheRun() throws Exception {
        Execution execution = execution(scenario(2, 4, "io 40s"));
        assertThatThrownBy(() -> execution.execute(() -> false, Duration.ofSeconds(1), (t, i, e) -> {}))
                .isInstanceOf(EndedEarly.class)
                .hasMessageStartingWith("Stopped at the time limit of 1 s");
    }

    @Test
    public void aTaskThatCrashesEndsTheRunEarlyAndSaysWhy() throws Exception {
        Execution execution = execution(scenario(1, 1, "cpu 1000; crash"));
        assertThatThrownBy(() -> execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {}))
                .isInstanceOf(EndedEarly.class)
                .hasMessageStartingWith(crashMessageStart());
    }

    @Test
    public void everyExecutionSaysWhatOneOfItsWorkersCostsInMemoryAndStartTime() throws Exception {
        int workers = workersToMeasureCost();
        Execution execution = execution(scenario(workers, workers, "cpu 20000"));
        Measurement m = execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {});
        var cost = execution.figures(m).workerCost();
        assertThat(cost).as("the figure a page puts beside the other kinds'").isNotNull();
        assertThat(cost.kind()).isEqualTo(workerKind());
        assertThat(cost.bytesPerWorker()).as("memory per worker, measured").isPositive();
        assertThat(cost.startNanosPerWorker()).as("start of one worker, measured").isPositive();
    }

    /** Workers a run needs for its worker cost to be measured: greenlets' memory only counts from 100 of them. */
    protected int workersToMeasureCost() {
        return 2;
    }

    /** The {@link lab.gil.cost.WorkerCost#kind()} of this kind's workers. */
    protected abstract String workerKind();

    @Test
    public void everyWorkerHasALaneThatEndsDone() throws Exception {
        Execution execution = execution(scenario(3, 3, "cpu 20000; io 10ms"));
        execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {});
        assertThat(execution.lanes().lanes()).isEqualTo(lanesFor(3));
        Map<Integer, WorkerState> lastState = new HashMap<>();
        execution.lanes().drain((StateChange c) -> lastState.put(c.worker(), c.state()));
        assertThat(lastState).containsOnlyKeys(java.util.stream.IntStream.range(0, lanesFor(3)).boxed().toList())
                .allSatisfy((worker, state) ->
                assertThat(state).as("worker %d's last state", worker).isEqualTo(WorkerState.DONE));
    }
}
