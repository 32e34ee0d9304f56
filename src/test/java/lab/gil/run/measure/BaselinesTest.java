package lab.gil.run.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.gil.run.execution.ContextSwitches;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

/** Which work has a one-worker baseline, how long one stands, and the most speedup it allows. */
class BaselinesTest {

    static Scenario scenario(String... pairs) {
        Map<String, String> knobs = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            knobs.put(pairs[i], pairs[i + 1]);
        }
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(knobs)).scenario();
    }

    private static Measurement took(long wallNanos, long cpuNanos) {
        return new Measurement(0, wallNanos, cpuNanos, 0, new ContextSwitches(0, 0), 0, 0, List.of());
    }

    @Test
    void aCrashOrAProducerAndItsConsumersHaveNoBaselineAndOrdinaryWorkHasOne() {
        assertThat(Baselines.whyNone(scenario("workers", "4", "tasks", "8", "programs", "cpu 20; crash\ncpu 40")))
                .contains("crash");
        assertThat(Baselines.whyNone(scenario("executor", "processes", "workers", "3",
                "programs", "put 40 10ms\nget 20 10ms\nget 20 10ms"))).contains("queue");
        assertThat(Baselines.whyNone(scenario("workers", "2", "programs", "cpu 1000; io 1ms; native 1ms")))
                .isEmpty();
    }

    @Test
    void theCapstonesTenThousandCallsHaveNoBaselineWhileLessonFoursHundredWaitsHaveOne() {
        assertThat(Baselines.whyNone(scenario("workers", "100", "tasks", "1000",
                "programs", "io 5ms; io 5ms; io 5ms; io 5ms; io 5ms; io 5ms; io 5ms; io 5ms; io 5ms; io 5ms")))
                .as("50 s of waiting in a row").contains("too-long");
        assertThat(Baselines.whyNone(scenario("workers", "10", "tasks", "100", "programs", "io 50ms")))
                .as("lesson 4's 5 s of waiting").isEmpty();
    }

    @Test
    void aBaselineStandsForTheSameWorkOnlyUntilItIsNoLongerFresh() {
        Baselines baselines = new Baselines();
        Scenario oneWorker = scenario("workers", "2", "programs", "cpu 1000").withOneWorker();
        assertThat(baselines.fresh(oneWorker)).isEmpty();
        baselines.record(oneWorker, took(5_000_000, 4_000_000));
        assertThat(baselines.fresh(oneWorker)).get().extracting(Baselines.Baseline::wallNanos).isEqualTo(5_000_000L);
        assertThat(baselines.fresh(scenario("workers", "2", "programs", "cpu 2000").withOneWorker()))
                .as("other work").isEmpty();
        assertThat(Baselines.FRESH_FOR).as("a baseline is measured close to its run").isLessThanOrEqualTo(
                java.time.Duration.ofSeconds(30));
    }

    @Test
    void cpuBoundWorkCanGoNoFasterThanTheCoresAndWaitingWorkNoFasterThanTheWorkers() {
        long SECOND = 1_000_000_000L;
        Scenario fourComputing = scenario("workers", "4", "programs", "cpu 1000", "gil", "free-threaded");
        Scenario fourWaiting = scenario("workers", "4", "programs", "io 250ms");
        Scenario fourHalfWaiting = scenario("workers", "4", "programs", "cpu 1000; io 125ms", "gil", "free-threaded");
        Baselines.Baseline computing = new Baselines.Baseline(SECOND, SECOND, 0);
        Baselines.Baseline waiting = new Baselines.Baseline(SECOND, 0, 0);
        Baselines.Baseline halfAndHalf = new Baselines.Baseline(SECOND, SECOND / 2, 0);
        Baselines.Baseline jitOnTop = new Baselines.Baseline(SECOND, SECOND * 6 / 5, 0);
        assertThat(RunMeasurer.speedupLimit(fourComputing, computing, cores(2))).isEqualTo(2);
        assertThat(RunMeasurer.speedupLimit(fourWaiting, waiting, cores(2))).isEqualTo(4);
        assertThat(RunMeasurer.speedupLimit(fourHalfWaiting, halfAndHalf, cores(1))).isEqualTo(2);
        assertThat(RunMeasurer.speedupLimit(fourComputing, jitOnTop, cores(2))).as("CPU beyond the wall time is not work")
                .isEqualTo(2);
        assertThat(RunMeasurer.speedupLimit(fourComputing, computing, cores(8))).as("no more than the workers")
                .isEqualTo(4);
        assertThat(RunMeasurer.speedupLimit(scenario("workers", "4", "tasks", "3", "programs", "io 334ms"), waiting,
                cores(2))).as("no more than the tasks").isEqualTo(3);
        assertThat(RunMeasurer.speedupLimit(fourComputing, waiting, cores(2)))
                .as("time outside declared waits is computing, even when the worker only waited for a core")
                .isEqualTo(2);
    }

    /** A server that may use {@code n} cores, each as good as the others. */
    private static lab.gil.machine.MachineFacts cores(int n) {
        return new lab.gil.machine.MachineFacts(new lab.gil.machine.CpuAllowance(n, List.of(),
                java.util.OptionalDouble.empty()), n, new double[] {0, 1}, null);
    }
}
