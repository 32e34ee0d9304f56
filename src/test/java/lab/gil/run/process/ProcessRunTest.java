package lab.gil.run.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.Calibration;
import lab.gil.process.ProcStatus;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerPool;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunServices;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneBatcher;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on worker processes, through the run queue as a student starts them. */
class ProcessRunTest {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    private static final long TIMEOUT_SECONDS = 60;
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);

    @TempDir
    Path cacheDir;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private WorkerPool pool;
    private RunService service;

    private RunService start(Duration timeLimit) throws Exception {
        pool = new WorkerPool(WorkerLauncher.create(cacheDir, false), 4);
        service = RunServices.local(new RunProperties(timeLimit, 10, 100), CALIBRATION, registry, pool, null);
        service.start();
        return service;
    }

    @AfterEach
    void stop() throws InterruptedException {
        service.stop();
        pool.shutdown();
    }

    private static Scenario scenario(String... pairs) {
        Map<String, String> knobs = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            knobs.put(pairs[i], pairs[i + 1]);
        }
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(knobs)).scenario();
    }

    private Run runToEnd(Scenario scenario) throws InterruptedException {
        Run run = service.submit(scenario, null, null);
        assertThat(RunWatcher.watch(run).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return run;
    }

    @Test
    void aPoolOfProcessesRunsEveryTaskAndReportsCpuCopiesMemoryAndOneLanePerProcess() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = service.submit(scenario("executor", "processes", "workers", "2", "tasks", "4",
                "programs", "send 1MB; cpu 200000; incr 1000; recv 2MB"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        RunSummary s = run.summary();
        assertThat(s.cpuIterations()).isEqualTo(800_000);
        assertThat(s.cpuMillis()).as("the processes' own CPU time").isPositive();
        assertThat(s.system().bytesCopied()).as("4 tasks x (1 MB in + 2 MB out)").isEqualTo(4L * 3 * 1024 * 1024);
        assertThat(s.system().copyMillis()).isPositive();
        assertThat(s.counter().actual()).as("the server's counter is never touched").isZero();
        assertThat(processes(s).countersPerProcess()).as("each process counted its own tasks")
                .hasSize(2).allSatisfy(c -> assertThat(c).isPositive()).containsAnyOf(1000L, 2000L, 3000L);
        assertThat(processes(s).countersPerProcess().stream().mapToLong(Long::longValue).sum()).isEqualTo(4000);
        assertThat(processes(s).workerReadyMillis()).isPositive();
        assertThat(s.gil().mode()).as("each process has its own GIL").isEqualTo("per-interpreter");
        assertThat(((LaneBatcher.Lanes) watch.events.stream().filter(e -> e.name().equals("lanes"))
                .findFirst().orElseThrow().data()).style().words()).as("as its lanes say")
                .containsEntry("RUNNING", "running Python (own GIL)");
        if (ProcStatus.ofProcess(ProcessHandle.current().pid()).peakRssBytes() > 0) {
            assertThat(s.system().peakMemoryBytesPerWorker()).hasSize(2).allSatisfy(p -> assertThat(p).isPositive());
            assertThat(processes(s).workerIdleRssBytes()).isPositive();
        }
        assertThat(watch.events).filteredOn(e -> e.name().equals("lanes")).singleElement()
                .extracting(e -> ((LaneBatcher.Lanes) e.data()).workers()).isEqualTo(2);
        assertThat(watch.events.stream().filter(e -> e.name().equals("workers"))
                .flatMap(e -> ((LaneBatcher.Batch) e.data()).changes().stream())
                .map(c -> RunTrace.STATES.get((int) c[1]))).contains("RUNNING", "DONE");
    }

    @Test
    void aPooledRunsClockStartsOnlyOnceItsWorkersAreStartedAndWarm() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = runToEnd(scenario("executor", "processes", "workers", "3", "programs", "cpu 1000"));
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        var startup = pool.startup();
        assertThat(startup.medianWarmUpTime()).isPositive();
        // Three fresh workers were started and warmed for this run (and one for its baseline); a task of 1,000
        // iterations takes well under a millisecond, so a clock that included either would show it.
        assertThat(run.summary().wallMillis()).as("wall time of a warm pool, start-up and warm-up outside it")
                .isLessThan(startup.medianReadyTime().plus(startup.medianWarmUpTime()).toNanos() / 1e6);
    }

    @Test
    void aSharedBufferCopiesNothingAndThreadsCopyNothingEither() throws Exception {
        start(Duration.ofSeconds(60));
        Run shared = runToEnd(scenario("executor", "processes", "workers", "1", "programs", "share 20MB; cpu 1000"));
        assertThat(shared.state()).as(String.valueOf(shared.message())).isEqualTo(RunState.DONE);
        assertThat(shared.summary().system().bytesCopied()).isZero();
        Run threads = runToEnd(scenario("executor", "threads", "workers", "1", "programs", "send 20MB; cpu 1000"));
        assertThat(threads.summary().system().bytesCopied()).as("threads share memory").isZero();
    }

    @Test
    void aProcessPerTaskRunStartsAProcessForEveryTask() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = runToEnd(scenario("executor", "process-per-task", "workers", "2", "tasks", "4", "programs", "cpu 1000; incr 10"));
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        assertThat(processes(run.summary()).processes()).isEqualTo(4);
        assertThat(processes(run.summary()).countersPerProcess()).containsExactly(10L, 10L, 10L, 10L);
        assertThat(pool.pids()).as("every per-task process has ended").isEmpty();
    }

    @Test
    void aWorkerKilledMidRunFailsTheRunByNameAndTheNextRunSucceedsOnAReplacement() throws Exception {
        start(Duration.ofSeconds(60));
        // One worker, so that no one-worker baseline runs first.
        Run run = service.submit(scenario("executor", "processes", "workers", "1", "programs", "io 20s"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        List<Long> pids = awaitPids(watch, 1);
        ProcessHandle.of(pids.getFirst()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL from outside
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).startsWith("Worker 0 died (killed by signal 9) while running task 0.");

        Run next = runToEnd(scenario("executor", "processes", "workers", "2", "programs", "cpu 10000"));
        assertThat(next.state()).as(String.valueOf(next.message())).isEqualTo(RunState.DONE);
        assertThat(pool.pids()).doesNotContain(pids.getFirst());
    }

    @Test
    void aCrashStepKillsOneWorkerTheOthersFinishTheirTasksOnTheLanesAndNoBaselineIsMeasured() throws Exception {
        start(Duration.ofSeconds(60));
        // The crashes lesson's processes preset, with less work: task 0 crashes its process, seven ordinary tasks.
        Run run = service.submit(scenario("executor", "processes", "workers", "4", "tasks", "8", "programs",
                "cpu 20000; crash\ncpu 40000\ncpu 40000\ncpu 40000\ncpu 40000\ncpu 40000\ncpu 40000\ncpu 40000"),
                null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).matches("Worker \\d died \\(exit code 1\\) while running task 0\\..*")
                .contains("The other workers went on: 7 of 8 tasks finished.");
        assertThat(watch.phases()).as("no one-worker run first: it would crash too").contains("Running")
                .noneMatch(phase -> phase.startsWith("Measuring 1 worker"));
        assertThat(watch.events).filteredOn(e -> e.name().equals("lanes")).singleElement()
                .extracting(e -> ((LaneBatcher.Lanes) e.data()).workers()).isEqualTo(4);
        var runningWorkers = watch.events.stream().filter(e -> e.name().equals("workers"))
                .flatMap(e -> ((LaneBatcher.Batch) e.data()).changes().stream())
                .filter(c -> RunTrace.STATES.get((int) c[1]).equals("RUNNING")).map(c -> c[0])
                .collect(java.util.stream.Collectors.toSet());
        assertThat(runningWorkers).as("every worker's lane shows it running").hasSize(4);

        Run next = runToEnd(scenario("executor", "processes", "workers", "2", "programs", "cpu 1000"));
        assertThat(next.state()).isEqualTo(RunState.DONE);
    }

    @Test
    void stoppingARunKillsItsWorkers() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = service.submit(scenario("executor", "processes", "workers", "1", "programs", "io 30s"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        List<Long> pids = awaitPids(watch, 1);
        service.stop(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        for (long pid : pids) {
            assertThat(ended(pid)).as("worker %d was terminated", pid).isTrue();
        }
    }

    @Test
    void aHungWorkerIsKilledAtTheTimeLimit() throws Exception {
        start(Duration.ofSeconds(1));
        Run run = runToEnd(scenario("executor", "processes", "workers", "1", "programs", "builtin 30s"));
        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message()).startsWith("Stopped at the time limit of 1 s");
        assertThat(pool.pids()).as("the killed worker left the pool").isEmpty();
    }

    @Test
    void aCounterInSharedMemoryIsUpdatedByEveryProcessAndNeverGainsIncrements() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = runToEnd(scenario("executor", "processes", "workers", "2", "tasks", "2", "programs", "incr-shared 200000"));
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        RunSummary s = run.summary();
        assertThat(processes(s).counterInSharedMemory()).isTrue();
        assertThat(s.counter().expected()).isEqualTo(400_000);
        assertThat(s.counter().actual()).as("both processes wrote the same memory")
                .isGreaterThanOrEqualTo(200_000).isLessThanOrEqualTo(400_000);
        assertThat(processes(s).countersPerProcess()).as("their own counters were never touched").containsOnly(0L);
    }

    @Test
    void eachProcessTakesALockOfItsOwnAroundItsOwnCounter() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = runToEnd(scenario("executor", "processes", "workers", "2", "tasks", "4", "programs", "incr-lock 50000"));
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        RunSummary s = run.summary();
        assertThat(s.counter().expected()).isEqualTo(200_000);
        assertThat(processes(s).countersPerProcess().stream().mapToLong(Long::longValue).sum())
                .as("every locked increment counted in its process's own counter").isEqualTo(200_000);
    }

    @Test
    void aProducerAndTwoConsumersShareOneQueueBetweenThreadsAndBetweenProcesses() throws Exception {
        start(Duration.ofSeconds(60));
        for (String executor : List.of("threads", "processes")) {
            Run run = runToEnd(scenario("executor", executor, "workers", "3", "tasks", "3",
                    "programs", "put 20 1ms\nget 10 1ms\nget 10 1ms"));
            assertThat(run.state()).as(executor + ": " + run.message()).isEqualTo(RunState.DONE);
            assertThat(run.summary().tasks()).isEqualTo(3);
            assertThat(run.summary().comparison().without()).as("no speedup against one worker").isEqualTo("queue");
        }
    }

    @Test
    void aConsumerWaitingForAnItemThatNeverComesIsStoppedLikeAnyProcess() throws Exception {
        start(Duration.ofSeconds(60));
        Run run = service.submit(scenario("executor", "processes", "workers", "1", "programs", "get 1"), null, null);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(watch.awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        List<Long> pids = awaitPids(watch, 1);
        service.stop(run);
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(ended(pids.getFirst())).isTrue();
    }

    /**
     * The pids of a run's worker processes, once it has them: a process run announces its lanes only after it has
     * leased its workers.
     */
    private List<Long> awaitPids(RunWatcher watch, int count) throws InterruptedException {
        assertThat(watch.awaitEvent("lanes", TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the run's workers started").isTrue();
        assertThat(pool.pids()).as("live workers").hasSizeGreaterThanOrEqualTo(count);
        return pool.pids();
    }

    private static boolean ended(long pid) throws Exception {
        var handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** What only a process run has, from its summary. */
    private static ProcessFigures processes(RunSummary s) {
        return (ProcessFigures) s.figures();
    }

    @Test
    void aSplitSendCopiesEachTaskItsShareAndEveryTaskRuns() throws Exception {
        start(Duration.ofSeconds(60));
        // Lesson 14's pool of two processes: split, each of the two tasks gets 4 MB of the 8 MB.
        Run run = runToEnd(scenario("executor", "processes", "workers", "2", "tasks", "2",
                "programs", "send 8MB; cpu 200000", "split", "true"));
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        assertThat(run.progress().tasksDone()).isEqualTo(2);
        assertThat(run.summary().cpuIterations()).isEqualTo(200_000);
        assertThat(run.summary().system().bytesCopied()).isEqualTo(8L << 20);
    }
}
