package lab.gil.run.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import lab.gil.interpreter.Calibration;
import lab.gil.run.RunWatcher;
import lab.gil.run.calibration.ServerCalibration;
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
        RunMeasurer measurer = new RunMeasurer(ServerCalibration.of(CALIBRATION), null, null, baselines);
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
        ServerCalibration calibration = ServerCalibration.measuredBy(() -> {
            try {
                calibrationMayEnd.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CALIBRATION;
        });
        RunMeasurer measurer = new RunMeasurer(calibration, null, null, new Baselines());
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
