package lab.gil.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.Calibration;
import lab.gil.run.measure.RunMeasurer;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneBatcher;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunServiceTest {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    private static final long TIMEOUT_SECONDS = 30;

    /** A fixed cost per emulated iteration: these specs are about the queue, not about CPython's speed. */
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RunService service;

    private RunService start(Duration timeLimit, int queueCapacity) {
        service = RunServices.local(new RunProperties(timeLimit, queueCapacity, 100), CALIBRATION, registry, null,
                null);
        service.start();
        return service;
    }

    @AfterEach
    void stopService() {
        if (service != null) {
            service.stop();
        }
    }

    private static Scenario scenario(String... pairs) {
        Map<String, String> knobs = new java.util.HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            knobs.put(pairs[i], pairs[i + 1]);
        }
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(knobs)).scenario();
    }

    @Test
    void aWaitingRunsStreamTellsItsPlaceInTheQueueEachTimeItChanges() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run first = service.submit(scenario("workers", "1", "programs", "io 50s"), null, null);
        RunWatcher firstWatch = RunWatcher.watch(first);
        assertThat(firstWatch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Run second = service.submit(scenario("workers", "1", "programs", "io 50s"), null, null);
        Run third = service.submit(scenario("workers", "1", "programs", "io 50s"), null, null);
        RunWatcher thirdWatch = RunWatcher.watch(third);

        service.stop(second);
        service.stop(first);
        assertThat(thirdWatch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(thirdWatch.queuePositions()).as("third, then second once a run ahead was stopped, then next")
                .containsExactly(2, 1);
        assertThat(firstWatch.queuePositions()).as("the first run waited for nobody").containsExactly(1);
        service.stop(third);
        assertThat(thirdWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void runsAreAdmittedOneAtATimeInOrderAndWaitingRunsKnowTheirPlace() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run first = service.submit(scenario("workers", "1", "programs", "io 50s"), null, null);
        RunWatcher firstWatch = RunWatcher.watch(first);
        assertThat(firstWatch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        Run second = service.submit(scenario("workers", "1", "programs", "io 50s"), null, null);
        Run third = service.submit(scenario("workers", "1", "programs", "io 50s"), null, null);
        assertThat(second.state()).isEqualTo(RunState.QUEUED);
        assertThat(service.position(second)).isEqualTo(1);
        assertThat(service.position(third)).isEqualTo(2);
        assertThat(service.queueLength()).isEqualTo(2);

        service.stop(second);
        assertThat(second.state()).isEqualTo(RunState.CANCELLED);
        assertThat(service.position(third)).isEqualTo(1);

        RunWatcher thirdWatch = RunWatcher.watch(third);
        service.stop(first);
        assertThat(firstWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(first.state()).isEqualTo(RunState.CANCELLED);
        assertThat(thirdWatch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("the next run starts once the first has stopped").isTrue();
        service.stop(third);
        assertThat(thirdWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aRunPastItsTimeLimitIsStoppedWithAClearMessage() throws InterruptedException {
        start(Duration.ofSeconds(1), 10);
        Run run = service.submit(scenario("workers", "2", "programs", "io 30s"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).isEqualTo("Stopped at the time limit of 1 s.");
    }

    @Test
    void aFinishedRunReportsItsTimesAndItsSpeedupOverOneWorker() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run run = service.submit(scenario("workers", "2", "programs", "cpu 2000000", "split", "true"), "l", "Half");
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.DONE);
        RunSummary s = run.summary();
        assertThat(s.workers()).isEqualTo(2);
        assertThat(s.wallMillis()).isPositive();
        assertThat(s.cpuMillis()).as("CPU-bound workers use CPU for a good part of the run, even on a busy machine")
                .isGreaterThan(0.2 * s.wallMillis());
        assertThat(s.baselineWallMillis()).as("the one-worker baseline was measured first").isPositive();
        assertThat(watch.phases()).startsWith(RunMeasurer.MEASURING_BASELINE, "Running");
        assertThat(s.comparison().cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(s.comparison().speedupLimit()).isPositive().isLessThanOrEqualTo(2);
        assertThat(s.hasSpeedup()).isTrue();
        assertThat(s.calibration().source()).isEqualTo("given");
        assertThat(s.speedup()).isCloseTo(s.baselineWallMillis() / s.wallMillis(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.cpuIterations()).isEqualTo(2_000_000);
        if (java.nio.file.Files.exists(java.nio.file.Path.of("/proc/thread-self/status"))) {
            assertThat(s.system().voluntaryContextSwitches() + s.system().involuntaryContextSwitches())
                    .as("Linux counts every worker thread's context switches").isPositive();
        }
        assertThat(s.system().bytesCopied()).as("threads copy nothing").isZero();
        assertThat(registry.get("gillab.runs.finished").tag("outcome", "done").counter().count()).isEqualTo(1);
    }

    @Test
    void aGilRunStreamsOneLanePerWorkerAndCountsTheSwitches() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run run = service.submit(scenario("workers", "2", "programs", "cpu 2000000", "split", "true",
                "gil", "gil", "switchInterval", "0.5"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.DONE);

        assertThat(watch.events).filteredOn(e -> e.name().equals("lanes")).singleElement()
                .extracting(e -> ((LaneBatcher.Lanes) e.data()).workers()).isEqualTo(2);
        var states = watch.events.stream().filter(e -> e.name().equals("workers"))
                .flatMap(e -> ((LaneBatcher.Batch) e.data()).changes().stream())
                .map(c -> RunTrace.STATES.get((int) c[1])).collect(java.util.stream.Collectors.toSet());
        assertThat(states).contains("RUNNING", "WAITING_FOR_GIL", "DONE");
        RunSummary.GilFigures gil = run.summary().gil();
        assertThat(gil.mode()).isEqualTo("gil");
        assertThat(gil.switches()).as("two CPU-bound threads hand the GIL back and forth").isPositive();
        assertThat(gil.waitShare()).isBetween(0.0, 1.0).isPositive();
        double laneWaitMicros = waitingMicrosInLanes(watch);
        double summaryWaitMicros = gil.waitShare() * 2 * run.summary().wallMillis() * 1000;
        assertThat(summaryWaitMicros).as("the summary's GIL wait agrees with the lanes")
                .isCloseTo(laneWaitMicros, org.assertj.core.data.Percentage.withPercentage(10));
        assertThat(run.summary().counter()).as("no increments, no counter figures").isNull();
    }

    @Test
    void aThreadRunWithACrashMeasuresNoBaselineAndEndsEveryThreadAsTheWholeProgramWould() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        // The crashes lesson's threads preset, with less work.
        Run run = service.submit(scenario("executor", "threads", "workers", "4", "tasks", "8", "programs",
                "cpu 200000; crash\ncpu 400000\ncpu 400000\ncpu 400000\ncpu 400000\ncpu 400000\ncpu 400000\ncpu 400000"),
                null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).startsWith("A task failed: the program reached a crash step. A thread cannot die alone");
        assertThat(watch.phases()).as("no one-worker run first").containsOnly("Running");
        assertThat(watch.events).filteredOn(e -> e.name().equals("lanes")).singleElement()
                .extracting(e -> ((LaneBatcher.Lanes) e.data()).workers()).isEqualTo(4);
        var doneWorkers = watch.events.stream().filter(e -> e.name().equals("workers"))
                .flatMap(e -> ((LaneBatcher.Batch) e.data()).changes().stream())
                .filter(c -> RunTrace.STATES.get((int) c[1]).equals("DONE")).map(c -> c[0])
                .collect(java.util.stream.Collectors.toSet());
        assertThat(doneWorkers).as("every thread's lane ends with the crash").hasSize(4);
    }

    @Test
    void aProducerAndItsConsumersHaveNoSpeedupAndNoOneWorkerRun() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run run = service.submit(scenario("executor", "threads", "workers", "3", "tasks", "3",
                "programs", "put 20 1ms\nget 10 1ms\nget 10 1ms"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        assertThat(watch.phases()).containsOnly("Running");
        RunSummary s = run.summary();
        assertThat(s.hasSpeedup()).isFalse();
        assertThat(s.comparison().without()).isEqualTo("queue");
        assertThat(s.speedup()).isZero();
        assertThat(s.baselineWallMillis()).isZero();
    }

    /** Time the lanes show in WAITING_FOR_GIL, summed over workers. */
    private static double waitingMicrosInLanes(RunWatcher watch) {
        java.util.Map<Long, long[]> last = new java.util.HashMap<>();
        double waiting = 0;
        int waitingOrdinal = RunTrace.STATES.indexOf("WAITING_FOR_GIL");
        for (var e : watch.events) {
            if (!e.name().equals("workers")) {
                continue;
            }
            for (long[] c : ((LaneBatcher.Batch) e.data()).changes()) {
                long[] previous = last.put(c[0], c);
                if (previous != null && previous[1] == waitingOrdinal) {
                    waiting += c[2] - previous[2];
                }
            }
        }
        return waiting;
    }

    /**
     * A lost update needs the two loops to overlap, which the OS decides: on a busy machine one thread may run its
     * whole loop before the other starts. The test accepts the first of a few runs that shows losses.
     */
    private static final int RACE_ATTEMPTS = 3;

    @Test
    void incrementsWithACallBetweenReadAndWriteLoseUpdatesAndTheSummarySaysHowMany() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        RunSummary summary = null;
        for (int attempt = 0; attempt < RACE_ATTEMPTS && (summary == null || summary.counter().lost() == 0); attempt++) {
            Run run = service.submit(scenario("workers", "2", "programs", "incr-call 200000",
                    "gil", "gil", "switchInterval", "0.1"), null, null);
            assertThat(RunWatcher.watch(run).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            summary = run.summary();
        }
        RunSummary.CounterFigures counter = summary.counter();
        assertThat(counter.expected()).isEqualTo(400_000);
        assertThat(summary.gil().forcedSwitches()).as("switches forced at check points, some at the call").isPositive();
        assertThat(counter.lost()).as("increments lost").isPositive().isEqualTo(counter.expected() - counter.actual());
    }

    @Test
    void aFullQueueRefusesWithAMessageInsteadOfGrowing() throws InterruptedException {
        start(Duration.ofSeconds(60), 1);
        Run running = service.submit(scenario("programs", "io 50s", "workers", "1"), null, null);
        RunWatcher watch = RunWatcher.watch(running);
        assertThat(watch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        service.submit(scenario("programs", "io 1ms", "workers", "1"), null, null);
        assertThatThrownBy(() -> service.submit(scenario("programs", "io 1ms", "workers", "1"), null, null))
                .isInstanceOf(RunQueue.Full.class)
                .hasMessageContaining("already has 1 runs waiting");
        service.stop(running);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /** A run that waits until it is stopped: it holds the cores for as long as a test needs. */
    private static Scenario waitsUntilStopped() {
        return scenario("workers", "1", "programs", "io 50s");
    }

    private Run runningRunOf(Submitter by) throws InterruptedException {
        Run run = service.submit(by, waitsUntilStopped(), null, null);
        assertThat(RunWatcher.watch(run).awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("the queue was empty, so the run starts").isTrue();
        return run;
    }

    @Test
    void aSecondRunPressWhileTheFirstWaitsReplacesItInItsPlace() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run holding = runningRunOf(Submitter.anonymous());
        Submitter student = Submitter.session("student");
        Run before = service.submit(Submitter.session("before"), waitsUntilStopped(), null, null);
        Run first = service.submit(student, waitsUntilStopped(), null, null);
        RunWatcher firstWatch = RunWatcher.watch(first);
        Run after = service.submit(Submitter.session("after"), waitsUntilStopped(), null, null);
        assertThat(service.position(first)).isEqualTo(2);

        Run second = service.submit(student, scenario("workers", "2", "programs", "io 50s"), null, null);
        assertThat(firstWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(first.state()).isEqualTo(RunState.CANCELLED);
        assertThat(first.message()).isEqualTo("Replaced by your newer run, which took its place in the queue.");
        assertThat(service.position(second)).as("the newer run keeps the place").isEqualTo(2);
        assertThat(service.position(after)).isEqualTo(3);
        assertThat(service.queueLength()).as("one run per submitter").isEqualTo(3);

        for (Run run : List.of(before, second, after, holding)) {
            service.stop(run);
        }
    }

    @Test
    void aSecondRunPressWhileTheFirstRunsIsRefusedWithAMessageNamingIt() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Submitter student = Submitter.session("student");
        Run running = runningRunOf(student);
        assertThatThrownBy(() -> service.submit(student, waitsUntilStopped(), null, null))
                .isInstanceOfSatisfying(RunQueue.StillRunning.class, e -> assertThat(e.running()).isSameAs(running));
        assertThat(service.queueLength()).isZero();

        RunWatcher watch = RunWatcher.watch(running);
        service.stop(running);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Run next = service.submit(student, waitsUntilStopped(), null, null);
        assertThat(RunWatcher.watch(next).awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("once the first has ended, the student may run again").isTrue();
        service.stop(next);
    }

    @Test
    void classesAndLoneSessionsTakeTurnsAndEachWaitingRunsPositionIsWhenItStarts() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run holding = runningRunOf(Submitter.anonymous());
        Map<String, Run> waiting = new LinkedHashMap<>();
        for (String member : List.of("a1", "a2", "a3")) {
            waiting.put(member, service.submit(Submitter.classMember(member, "A"), waitsUntilStopped(), null, null));
        }
        waiting.put("lone", service.submit(Submitter.session("lone"), waitsUntilStopped(), null, null));
        waiting.put("b1", service.submit(Submitter.classMember("b1", "B"), waitsUntilStopped(), null, null));
        Map<String, Integer> positions = new LinkedHashMap<>();
        waiting.forEach((name, run) -> positions.put(name, service.position(run)));
        assertThat(positions).containsExactly(Map.entry("a1", 1), Map.entry("a2", 4), Map.entry("a3", 5),
                Map.entry("lone", 2), Map.entry("b1", 3));

        List<String> started = new ArrayList<>();
        Run current = holding;
        while (!waiting.isEmpty()) {
            String next = waiting.entrySet().stream().filter(e -> service.position(e.getValue()) == 1)
                    .map(Map.Entry::getKey).findFirst().orElseThrow();
            Map<String, Integer> before = new LinkedHashMap<>();
            waiting.forEach((name, run) -> before.put(name, service.position(run)));
            RunWatcher nextWatch = RunWatcher.watch(waiting.get(next));
            RunWatcher currentWatch = RunWatcher.watch(current);
            service.stop(current);
            assertThat(currentWatch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(nextWatch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .as("the run at position 1 (%s) starts next", next).isTrue();
            current = waiting.remove(next);
            started.add(next);
            assertThat(waiting.values()).as("the others wait").allMatch(r -> r.state() == RunState.QUEUED);
            waiting.forEach((name, run) -> assertThat(service.position(run))
                    .as("%s moves one place forward", name).isEqualTo(before.get(name) - 1));
        }
        assertThat(started).containsExactly("a1", "lone", "b1", "a2", "a3");
        service.stop(current);
    }

    @Test
    void anInstructorsRunStartsBeforeEveryWaitingStudentsRun() throws InterruptedException {
        start(Duration.ofSeconds(60), 10);
        Run holding = runningRunOf(Submitter.anonymous());
        Run student = service.submit(Submitter.classMember("s1", "A"), waitsUntilStopped(), null, null);
        Run lone = service.submit(Submitter.session("lone"), waitsUntilStopped(), null, null);
        Run instructor = service.submit(Submitter.instructor("teacher"), waitsUntilStopped(), null, null);
        assertThat(service.position(instructor)).isEqualTo(1);
        assertThat(service.position(student)).isEqualTo(2);
        assertThat(service.position(lone)).isEqualTo(3);

        RunWatcher instructorWatch = RunWatcher.watch(instructor);
        service.stop(holding);
        assertThat(instructorWatch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(student.state()).isEqualTo(RunState.QUEUED);
        assertThat(service.position(student)).isEqualTo(1);
        for (Run run : List.of(student, lone, instructor)) {
            service.stop(run);
        }
    }
}
