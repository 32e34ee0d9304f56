package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import lab.gil.scenario.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated program of every step on every kind of worker runs in this machine's CPython (through the
 * runner, limits and all) at small sizes, and its figures say what the steps mean: a bare {@code incr} under the
 * GIL loses nothing, {@code incr-call} loses some, a {@code crash} ends one worker process or the whole program.
 * Greenlets run on gevent where some CPython here has it (Debian's python3-gevent), and on asyncio always.
 */
class GeneratedProgramsTest {

    /** A program of these sizes takes a second or two; a machine at a load of 40 makes that ten. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);

    /** Every step once, in one task; a producer and two consumers beside it. */
    private static final String EVERY_STEP = "cpu 20000; io 2ms; native 2ms; builtin 2ms; incr 1000;"
            + " incr-call 1000; incr-shared 1000; send 10KB; recv 20KB; share 10KB\nput 4 1ms\nget 2 1ms\nget 2";

    private static PythonBuilds builds;

    @BeforeAll
    static void findPython() {
        builds = new PythonBuilds(CPythonProperties.defaults());
        assumeTrue(builds.main().isPresent(), "python3 is not installed");
    }

    @Test
    void everyStepRunsOnThreadsOfOneInterpreterSharingOneCounter() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "threads", "workers", "4", "tasks", "4",
                "programs", EVERY_STEP), GreenletLibrary.ASYNCIO);

        assertEveryTaskFinished(f, 4);
        assertThat(f.runner()).isEqualTo("concurrent.futures.ThreadPoolExecutor");
        assertThat(f.counter()).as("incr, incr-call and incr-shared on one counter, one task")
                .isEqualTo(new CPythonFigures.Counter(3000, 3000, 0));
        assertThat(f.ownCounters()).isNull();
        assertThat(f.backFromIoMs().count()).isEqualTo(1);
        assertThat(f.bytesCopied()).as("threads pass references").isZero();
    }

    @Test
    void everyStepRunsOneTaskAfterAnotherOnOneThread() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "sequential", "tasks", "4", "programs", EVERY_STEP),
                GreenletLibrary.ASYNCIO);

        assertEveryTaskFinished(f, 4);
        assertThat(f.workers()).isEqualTo(1);
        assertThat(f.counter().lost()).isZero();
    }

    @Test
    void everyStepRunsOnAPoolOfSpawnedProcessesEachWithItsOwnCounter() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "processes", "workers", "4", "tasks", "4",
                "programs", EVERY_STEP), GreenletLibrary.ASYNCIO);

        assertEveryTaskFinished(f, 4);
        assertThat(f.runner()).isEqualTo("multiprocessing.Pool");
        assertThat(f.startMethod()).isEqualTo("spawn");
        assertThat(f.counter()).as("only incr-shared reaches the run's counter, in shared memory")
                .isEqualTo(new CPythonFigures.Counter(3000, 1000, 2000));
        assertThat(f.ownCounters()).as("incr and incr-call count in their own process").contains(2000L);
        assertThat(f.bytesCopied()).as("send 10KB and recv 20KB, pickled").isEqualTo(30 * 1024);
        assertThat(f.copySeconds()).isPositive();
        assertThat(f.backFromIoMs().count()).isEqualTo(1);
    }

    @Test
    void everyStepRunsOnANewProcessPerTask() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "process-per-task", "workers", "4", "tasks", "4",
                "programs", EVERY_STEP), GreenletLibrary.ASYNCIO);

        assertEveryTaskFinished(f, 4);
        assertThat(f.runner()).isEqualTo("multiprocessing.Process, one per task");
        assertThat(f.counter()).isEqualTo(new CPythonFigures.Counter(3000, 1000, 2000));
        assertThat(f.bytesCopied()).isEqualTo(30 * 1024);
        assertThat(f.cpuSeconds()).as("each process's whole CPU time, its start included").isPositive();
    }

    @Test
    void everyStepRunsOnCoroutinesOfOneAsyncioLoop() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "greenlets", "workers", "4", "tasks", "4",
                "programs", EVERY_STEP), GreenletLibrary.ASYNCIO);

        assertEveryTaskFinished(f, 4);
        assertThat(f.runner()).isEqualTo("asyncio");
        assertThat(f.counter().lost()).as("nothing preempts a coroutine between a read and a write").isZero();
    }

    @Test
    void everyStepRunsOnGreenletsOfOneGeventHubWhereGeventIsInstalled() throws Exception {
        assumeTrue(builds.greenletLibrary() == GreenletLibrary.GEVENT, "no CPython here has gevent");
        CPythonFigures f = measured(Scenarios.of("executor", "greenlets", "workers", "4", "tasks", "4",
                "programs", EVERY_STEP), GreenletLibrary.GEVENT);

        assertEveryTaskFinished(f, 4);
        assertThat(f.runner()).isEqualTo("gevent.pool.Pool");
        assertThat(f.counter().lost()).isZero();
    }

    /**
     * A step given as a time does that much work: 24 items of 25 ms (a producer and a consumer) cost at least 80 %
     * of 1.2 s of CPU. Other programs only add to a CPU time; the calibration once timed the work's loop cold, while
     * the items ran it specialized, and every item did about 70 % of its time (and, timed by the clock while a
     * build ran beside it, 62 %).
     */
    @Test
    void aStepGivenAsATimeDoesThatMuchWork() throws Exception {
        CPythonFigures f = measured(Scenarios.of("workers", "2", "tasks", "2", "programs",
                "put 24 25ms\nget 24 25ms"), GreenletLibrary.ASYNCIO);

        assertEveryTaskFinished(f, 2);
        assertThat(f.cpuSeconds()).as("CPU time of 48 items of 25 ms").isGreaterThan(0.8 * 48 * 0.025);
    }

    @Test
    void aBareIncrementUnderTheGilLosesNothingWhileACallBetweenReadAndWriteLosesSome() throws Exception {
        // The shortest switch interval makes thousands of switches: each falls at a check point. The calls' loop is
        // long enough (about 0.2 s a thread) that both threads run it together on a busy machine: with 400,000 (20 ms
        // a thread) a verify run lost nothing, the second thread getting a core only once the first had finished.
        CPythonFigures bare = measured(Scenarios.of("workers", "2", "tasks", "2", "programs", "incr 400000",
                "split", "true", "switchInterval", "0.1"), GreenletLibrary.ASYNCIO);
        CPythonFigures call = measured(Scenarios.of("workers", "2", "tasks", "2", "programs", "incr-call 4000000",
                "split", "true", "switchInterval", "0.1"), GreenletLibrary.ASYNCIO);

        assertThat(bare.counter()).isEqualTo(new CPythonFigures.Counter(400_000, 400_000, 0));
        assertThat(bare.switchIntervalMs()).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(call.counter().lost()).as("updates lost to a switch at the call").isPositive();
    }

    @Test
    void aCrashEndsOneWorkerProcessAndLosesOnlyItsTask() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "processes", "workers", "2", "tasks", "4",
                "programs", "cpu 1000; crash\ncpu 20000\ncpu 20000\ncpu 20000"), GreenletLibrary.ASYNCIO);

        assertThat(f.tasksLost()).containsExactly(0);
        assertThat(f.tasksFinished()).isEqualTo(3);
        assertThat(f.taskSeconds().getFirst()).isNull();
    }

    @Test
    void aCrashOnAProcessPerTaskLosesOnlyItsTask() throws Exception {
        CPythonFigures f = measured(Scenarios.of("executor", "process-per-task", "workers", "2", "tasks", "3",
                "programs", "cpu 1000; crash\ncpu 20000\ncpu 20000"), GreenletLibrary.ASYNCIO);

        assertThat(f.tasksLost()).containsExactly(0);
        assertThat(f.tasksFinished()).isEqualTo(2);
    }

    @Test
    void aCrashInAThreadEndsTheWholeProgramWithTheTasksThatFinishedBefore() throws Exception {
        CPythonOutcome outcome = run(Scenarios.of("executor", "sequential", "tasks", "3",
                "programs", "cpu 1000\ncpu 1000\ncrash"), GreenletLibrary.ASYNCIO);

        assertThat(outcome).isInstanceOf(CPythonOutcome.Ended.class);
        CPythonOutcome.Ended ended = (CPythonOutcome.Ended) outcome;
        assertThat(ended.why()).isEqualTo(CPythonOutcome.Ending.EXITED);
        assertThat(ended.exitCode()).isEqualTo(1);
        assertThat(ended.finished()).extracting(FinishedTask::task).containsExactly(0, 1);
        assertThat(ended.message()).contains("exit code 1", "2 of 3 tasks had finished");
    }

    @Test
    void aCrashInAGreenletEndsTheWholeProgram() throws Exception {
        CPythonOutcome outcome = run(Scenarios.of("executor", "greenlets", "workers", "2", "tasks", "2",
                "programs", "io 1ms; crash\nio 200ms"), GreenletLibrary.ASYNCIO);

        assertThat(outcome).isInstanceOfSatisfying(CPythonOutcome.Ended.class,
                ended -> assertThat(ended.exitCode()).isEqualTo(1));
    }

    @Test
    void aFreeThreadedScenarioOnACPythonWithTheGilSaysWhichBuildItNeeds() throws Exception {
        PythonBuild withGil = builds.main().orElseThrow();
        assumeTrue(!withGil.freeThreaded(), "python3 here is free-threaded");
        PythonProgram program = PythonProgram.of(Scenarios.of("workers", "2", "programs", "cpu 1000",
                "gil", "free-threaded"), GreenletLibrary.ASYNCIO, "No GIL");

        CPythonOutcome outcome = new ProgramRunner(CPythonProperties.defaults()).run(program, withGil, TIME_LIMIT,
                () -> false, task -> { });

        assertThat(outcome).isEqualTo(new CPythonOutcome.Refused("needs-free-threaded", "This scenario runs with no"
                + " GIL: it needs a free-threaded CPython, 3.13 or newer (python3.13t or python3.14t); this is "
                + withGil.version() + "."));
    }

    @Test
    void aScenarioWithAnInterpreterPerWorkerOnAnOlderCPythonSaysItNeeds314() throws Exception {
        PythonBuild main = builds.main().orElseThrow();
        assumeTrue(!main.interpreterPool(), "python3 here is 3.14 or newer");
        PythonProgram program = PythonProgram.of(Scenarios.of("workers", "2", "programs", "cpu 1000",
                "gil", "per-interpreter"), GreenletLibrary.ASYNCIO, "Interpreters");

        CPythonOutcome outcome = new ProgramRunner(CPythonProperties.defaults()).run(program, main, TIME_LIMIT,
                () -> false, task -> { });

        assertThat(outcome).isInstanceOfSatisfying(CPythonOutcome.Refused.class, refused -> {
            assertThat(refused.kind()).isEqualTo("needs-interpreters");
            assertThat(refused.message()).contains("CPython 3.14 or newer", main.version());
        });
    }

    private static void assertEveryTaskFinished(CPythonFigures f, int tasks) {
        assertThat(f.tasksFinished()).isEqualTo(tasks);
        assertThat(f.tasksLost()).isEmpty();
        assertThat(f.taskSeconds()).hasSize(tasks).doesNotContainNull();
        assertThat(f.wallSeconds()).isPositive();
        assertThat(f.failure()).isNull();
    }

    private static CPythonFigures measured(Scenario scenario, GreenletLibrary greenlets) throws Exception {
        CPythonOutcome outcome = run(scenario, greenlets);
        assertThat(outcome).as("%s", outcome).isInstanceOf(CPythonOutcome.Measured.class);
        CPythonOutcome.Measured measured = (CPythonOutcome.Measured) outcome;
        assertThat(measured.finished()).hasSize(measured.figures().tasksFinished());
        return measured.figures();
    }

    private static CPythonOutcome run(Scenario scenario, GreenletLibrary greenlets) throws Exception {
        PythonProgram program = PythonProgram.of(scenario, greenlets, "test");
        PythonBuilds.Choice choice = builds.choose(program.needs());
        assertThat(choice.found()).as(choice.whyNot()).isTrue();
        return new ProgramRunner(CPythonProperties.defaults()).run(program, choice.build(), TIME_LIMIT, () -> false,
                task -> { });
    }
}
