package lab.gil.run.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.OptionalDouble;
import lab.gil.interpreter.Calibration;
import lab.gil.run.RunServices;
import lab.gil.machine.CpuAllowance;
import lab.gil.machine.MachineFacts;
import lab.gil.machine.ServerCalibration;
import lab.gil.machine.ServerMachine;
import lab.gil.run.RunWatcher;
import lab.gil.run.execution.ContextSwitches;
import lab.gil.run.execution.Measurement;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.stream.EventChannel;
import org.junit.jupiter.api.Test;

/** How a run is compared with one worker, and how it waits for the server's calibration. */
class RunMeasurerTest {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    private static final long TIMEOUT_SECONDS = 30;
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);
    /** A server that may use both of its two cores, measured to do twice one thread's work with two. */
    private static final ServerMachine TWO_CORES = new ServerMachine(machine(2, 2, 2.0));

    /** A server that may use {@code usable} of {@code listed} cores, whose two threads do {@code capacity2} x one's work. */
    private static MachineFacts machine(int usable, int listed, double capacity2) {
        return new MachineFacts(new CpuAllowance(usable, List.of(), OptionalDouble.empty()), listed,
                new double[] {0, 1, capacity2}, null);
    }

    private static Baselines.Baseline oneWorker(long wallMillis, long cpuMillis) {
        return new Baselines.Baseline(TimeUnit.MILLISECONDS.toNanos(wallMillis), TimeUnit.MILLISECONDS.toNanos(cpuMillis),
                System.nanoTime());
    }

    @Test
    void onOneUsableCoreTwoComputingThreadsMayGoNoFasterThanOneEvenWhenTheOneWorkerRunWaitedForTheCore() {
        // What a one-core server measured right after start-up: the JIT's threads took the core for a third of the time.
        // Free-threaded, so that the one core is the limit (under the GIL the threads compute one at a time anyway).
        Scenario twoThreads = BaselinesTest.scenario("workers", "2", "programs", "cpu 20000000", "split", "true",
                "gil", "free-threaded");
        double limit = RunMeasurer.speedupLimit(twoThreads, oneWorker(729, 461), machine(1, 2, 1.0));
        assertThat(limit).isCloseTo(1.0, within(1e-9));
        assertThat(RunSummary.Comparison.measured(1, limit, false).beyondLimit(1.47))
                .as("the 1.47x once reported on one core").isTrue();
        assertThat(RunSummary.Comparison.measured(1, limit, false).beyondLimit(1.05)).as("measuring error").isFalse();
    }

    @Test
    void threadsUnderOneGilComputeOneAtATimeUnlessTheirWorkReleasesIt() {
        Scenario underTheGil = BaselinesTest.scenario("workers", "2", "programs", "cpu 20000000", "split", "true");
        double limit = RunMeasurer.speedupLimit(underTheGil, oneWorker(757, 757), machine(2, 2, 1.96));
        assertThat(limit).isCloseTo(1.0, within(1e-9));
        assertThat(RunSummary.Comparison.measured(2, limit, false).beyondLimit(1.63))
                .as("the 1.63x two threads under the GIL once read against a slow one-worker run").isTrue();
        assertThat(RunMeasurer.speedupLimit(BaselinesTest.scenario("workers", "2", "programs", "native 100ms",
                "split", "true"), oneWorker(100, 100), machine(2, 2, 1.96))).as("C work releases the GIL")
                .isCloseTo(1.96, within(1e-9));
        assertThat(RunMeasurer.speedupLimit(BaselinesTest.scenario("workers", "2", "programs", "cpu 20000000",
                "split", "true", "gil", "per-interpreter"), oneWorker(500, 500), machine(2, 2, 1.96)))
                .as("a GIL each").isCloseTo(1.96, within(1e-9));
        assertThat(RunMeasurer.speedupLimit(BaselinesTest.scenario("executor", "processes", "workers", "2",
                "programs", "cpu 20000000", "split", "true"), oneWorker(500, 500), machine(2, 2, 1.96)))
                .as("a process each").isCloseTo(1.96, within(1e-9));
    }

    @Test
    void twoHyperThreadsOfOneCoreLimitComputingToTheirMeasuredCapacity() {
        Scenario twoThreads = BaselinesTest.scenario("workers", "2", "programs", "cpu 20000000", "split", "true",
                "gil", "free-threaded");
        assertThat(RunMeasurer.speedupLimit(twoThreads, oneWorker(500, 500), machine(2, 2, 1.2)))
                .isCloseTo(1.2, within(1e-9));
        assertThat(RunMeasurer.speedupLimit(twoThreads, oneWorker(500, 500), machine(8, 8, 1.9)))
                .as("two workers use two of eight cores").isCloseTo(1.9, within(1e-9));
    }

    @Test
    void waitingOverlapsOnAnyNumberOfCoresSoIoBoundWorkIsLimitedByItsWorkersAlone() {
        Scenario tenWaiting = BaselinesTest.scenario("workers", "10", "tasks", "100", "programs", "io 50ms");
        // 100 waits of 50 ms one after another, and a little computing around them.
        assertThat(RunMeasurer.speedupLimit(tenWaiting, oneWorker(5_050, 40), machine(1, 2, 1.0)))
                .isGreaterThan(9.5).isLessThanOrEqualTo(10);
    }

    @Test
    void greenletsComputeOnTheirHubsOneThreadWhateverTheCores() {
        Scenario greenlets = BaselinesTest.scenario("executor", "greenlets", "workers", "4", "programs", "cpu 1000000");
        assertThat(RunMeasurer.speedupLimit(greenlets, oneWorker(100, 100), machine(8, 8, 2.0)))
                .isCloseTo(1.0, within(1e-9));
    }

    /** A run as the queue hands it to the measurer: its progress goes to its events, as a queued run's does. */
    private static final class TestRun implements MeasuredRun {
        private final Scenario scenario;
        private final EventChannel events = new EventChannel("run", 4096, 4096, EventChannel.SubscriberCount.NONE);
        private volatile Progress progress;

        TestRun(Scenario scenario) {
            this.scenario = scenario;
            this.progress = Progress.starting(scenario);
        }

        @Override public Scenario scenario() { return scenario; }
        @Override public Duration timeLimit() { return Duration.ofSeconds(60); }
        @Override public boolean stopRequested() { return false; }
        @Override public Progress progress() { return progress; }
        @Override public void progress(Progress p) {
            progress = p;
            events.publish("progress", p);
        }
        @Override public EventChannel events() { return events; }
        @Override public void trace(RunTrace trace) { }
    }

    private static TestRun run(Scenario scenario) {
        return new TestRun(scenario);
    }

    @Test
    void aSpeedupBeyondWhatTheCoresAllowHasItsBaselineMeasuredAgainRightAfterTheRun() throws Exception {
        Baselines baselines = new Baselines();
        Scenario scenario = BaselinesTest.scenario("workers", "2", "programs", "cpu 400000", "split", "true");
        // A one-worker measurement from when the machine was far slower than now: 10 s of CPU-bound work.
        long tenSeconds = TimeUnit.SECONDS.toNanos(10);
        baselines.record(scenario.withOneWorker(),
                new Measurement(0, tenSeconds, tenSeconds, 400_000, new ContextSwitches(0, 0), 0, 0, List.of()));
        RunMeasurer measurer = new RunMeasurer(ServerCalibration.of(CALIBRATION), TWO_CORES, RunServices.kinds(null), null, baselines);
        TestRun run = run(scenario);
        RunWatcher watch = RunWatcher.watch(run.events());

        RunSummary s = measurer.execute(run);

        assertThat(watch.awaitPhase(RunMeasurer.MEASURING_BASELINE_AGAIN, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.phases()).containsExactly("Running", RunMeasurer.MEASURING_BASELINE_AGAIN);
        assertThat(run.progress()).as("the run ends with its own progress, not the re-measured baseline's")
                .extracting(Progress::phase, Progress::tasksDone).containsExactly("Running", 2);
        assertThat(s.comparison().remeasured()).isTrue();
        assertThat(s.baselineWallMillis()).as("the new measurement replaced the stale one").isLessThan(10_000);
        assertThat(s.speedup()).isCloseTo(s.baselineWallMillis() / s.wallMillis(), within(1e-9));
        assertThat(s.comparison().speedupLimit()).isLessThanOrEqualTo(2);
        assertThat(baselines.fresh(scenario.withOneWorker())).get()
                .extracting(Baselines.Baseline::wallNanos).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LONG)
                .isLessThan(tenSeconds);
    }

    @Test
    void aRunWaitsForTheServersCalibrationAndSaysSoMeanwhile() throws Exception {
        CountDownLatch calibrationMayEnd = new CountDownLatch(1);
        ServerCalibration calibration = RunServices.measuredWhen(calibrationMayEnd, CALIBRATION, TIMEOUT_SECONDS);
        RunMeasurer measurer = new RunMeasurer(calibration, TWO_CORES, RunServices.kinds(null), null, new Baselines());
        TestRun run = run(BaselinesTest.scenario("workers", "1", "programs", "cpu 1000"));
        RunWatcher watch = RunWatcher.watch(run.events());
        AtomicReference<RunSummary> summary = new AtomicReference<>();
        Thread dispatcher = Thread.ofPlatform().start(() -> {
            try {
                summary.set(measurer.execute(run));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(watch.awaitPhase(RunMeasurer.CALIBRATING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(calibration.now()).as("still measuring").isEmpty();
        calibrationMayEnd.countDown();
        dispatcher.join(Duration.ofSeconds(TIMEOUT_SECONDS));

        assertThat(summary.get()).isNotNull();
        assertThat(summary.get().calibration()).isEqualTo(new RunSummary.CalibrationFigures("given", null, 50));
        // Events reach a watcher through its own sender thread, so the last one may still be on its way.
        assertThat(watch.awaitPhase("Running", TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.phases()).containsExactly(RunMeasurer.CALIBRATING, "Running");
    }
}
