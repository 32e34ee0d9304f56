package lab.gil.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.gil.cores.CoreSampler;
import lab.gil.cores.CoreSamplerProperties;
import lab.gil.interpreter.Calibration;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run's summary tells how much of the machine other work took, measured by the real per-core sampler. */
class OtherWorkRunTest {

    /** Generous for a busy 2-core machine; only reached when something is broken. */
    private static final long TIMEOUT_SECONDS = 60;
    /** How long the spinning thread gets to end once told to; it only checks a flag. */
    private static final Duration SPINNER_STOP_TIMEOUT = Duration.ofSeconds(5);

    /** A fixed cost per emulated iteration, so that the run lasts about a second on two idle cores. */
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CoreSampler sampler = new CoreSampler(CoreSamplerProperties.defaults(), registry);
    private RunService service;

    @BeforeEach
    void startService() throws InterruptedException {
        // Nothing else of this JVM's own may burn a core here: an earlier test class's context may still be
        // measuring the machine in the background (0.96 of 2 cores of "other work" before the spinner started).
        lab.gil.machine.OneMachineMeasurementPerTestJvm.awaitMeasurementsUnderWay();
        sampler.start();
        service = RunServices.local(new RunProperties(Duration.ofSeconds(60), 10, 100), CALIBRATION, registry, null,
                sampler);
        service.start();
    }

    @AfterEach
    void stopService() {
        service.stop();
        sampler.stop();
    }

    /** Two CPU-bound free threads, about 2 s of CPU time: a second of wall time with both cores to itself. */
    private RunSummary runTwoThreads() throws InterruptedException {
        Scenario scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(Map.of("workers", "2",
                "programs", "cpu 40000000", "split", "true", "gil", "free-threaded"))).scenario();
        Run run = service.submit(scenario, null, null);
        assertThat(RunWatcher.watch(run).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).as(String.valueOf(run.message())).isEqualTo(RunState.DONE);
        return run.summary();
    }

    @Test
    void aThreadBurningCpuOutsideTheRunShowsAsOtherWorkAndMarksTheRunDisturbed() throws InterruptedException {
        RunSummary alone = runTwoThreads();

        AtomicBoolean stopSpinning = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        Thread spinner = Thread.ofPlatform().name("other-work-spinner").start(() -> {
            spinning.countDown();
            long x = 0;
            while (!stopSpinning.get()) {
                x++;
            }
            if (x == 42) {
                System.out.print(""); // keeps the loop from being optimized away
            }
        });
        RunSummary disturbed;
        try {
            assertThat(spinning.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            disturbed = runTwoThreads();
        } finally {
            stopSpinning.set(true);
            assertThat(spinner.join(SPINNER_STOP_TIMEOUT)).as("the spinner ends once told to").isTrue();
        }

        System.out.printf("Other work: alone %.2f of %d cores over %.0f ms (run %.0f ms wall, %.0f ms CPU);"
                        + " with a spinning thread %.2f over %.0f ms (run %.0f ms wall, %.0f ms CPU)%n",
                alone.otherWork().cores(), alone.otherWork().machineCores(), alone.otherWork().coveredMillis(),
                alone.wallMillis(), alone.cpuMillis(), disturbed.otherWork().cores(),
                disturbed.otherWork().coveredMillis(), disturbed.wallMillis(), disturbed.cpuMillis());
        assertThat(alone.otherWork().machineCores()).isEqualTo(sampler.coreCount());
        // The spinner wants a whole core; against two run threads it gets about a third of the two.
        assertThat(disturbed.otherWork().cores()).as("a spinning thread is other work")
                .isGreaterThan(alone.otherWork().cores() + RunSummary.OtherWork.DISTURBED_CORES);
        assertThat(disturbed.otherWork().disturbed()).isTrue();
    }
}
