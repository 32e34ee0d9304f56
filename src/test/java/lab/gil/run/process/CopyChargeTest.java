package lab.gil.run.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.CopyCost;
import lab.gil.interpreter.PipeCost;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A copy to or from a worker process costs what the processes' calibration charges beyond the copy itself (what
 * CPython's pickling through a pipe costs more), paid by the receiver, and counted in the run's copying time.
 */
class CopyChargeTest {

    /** Generous for a busy machine; only reached when broken. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    /** A charge far above what copying 1 MB costs here, so that the copy time shows it. */
    private static final long CHARGE_NANOS = 60_000_000;

    @TempDir
    static Path cacheDir;
    private static WorkerPool pool;
    private static Calibration calibration;

    @BeforeAll
    static void startPool() throws Exception {
        pool = new WorkerPool(WorkerLauncher.create(cacheDir, false), 2);
        calibration = Calibration.forTarget(50, Calibration.Source.GIVEN);
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.shutdown();
    }

    private static Measurement run(String program, Calibration c) throws Exception {
        return run("processes", 1, program, c);
    }

    private static Measurement run(String executor, int taskCount, String program, Calibration c) throws Exception {
        Scenario scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(Map.of("executor", executor,
                "workers", "1", "tasks", String.valueOf(taskCount), "programs", program))).scenario();
        return ProcessExecution.factory(pool).create(scenario, c, Duration.ofMillis(100), false)
                .execute(() -> false, TIME_LIMIT, (tasks, iterations, elapsed) -> { });
    }

    @Test
    void anArgumentSentToAWorkerIsChargedByTheWorkerThatReceivesIt() throws Exception {
        Calibration charged = calibration.withCharges(Calibration.Charges.ofCopies(atOneMiB(CHARGE_NANOS),
                PipeCost.NONE));
        Measurement m = run("send 1MB", charged);
        // Burned as kernel rounds of a cost measured on this machine: at least half of it, however busy.
        assertThat(m.copyNanos()).isGreaterThan(CHARGE_NANOS / 2);
        assertThat(m.bytesCopied()).isEqualTo(1024 * 1024);
    }

    @Test
    void aResultReturnedToTheServerIsChargedByTheServerThatReceivesIt() throws Exception {
        Calibration charged = calibration.withCharges(Calibration.Charges.ofCopies(PipeCost.NONE,
                atOneMiB(CHARGE_NANOS)));
        Measurement m = run("recv 1MB", charged);
        assertThat(m.copyNanos()).as("1 MiB at the charge for 1 MiB").isGreaterThan(CHARGE_NANOS / 2);
    }

    @Test
    void withoutChargesACopyCostsOnlyItself() throws Exception {
        Measurement plain = run("send 1MB", calibration);
        Measurement charged = run("send 1MB", calibration.withCharges(Calibration.Charges.ofCopies(
                atOneMiB(CHARGE_NANOS), atOneMiB(CHARGE_NANOS))));
        assertThat(charged.copyNanos() - plain.copyNanos()).isGreaterThan(CHARGE_NANOS / 2);
    }

    @Test
    void aPooledWorkersCopiesCostWhatItsHeapHoldsAndEveryNewProcessStartsFresh() throws Exception {
        // CPython's first copy of a size in a process maps fresh memory, its second grows the heap, later ones reuse
        // it: charged 2, 1 and 0 units, four copies cost a pool's one worker 3 units, and four processes 8.
        PipeCost byHeap = new PipeCost(atOneMiB(2 * CHARGE_NANOS).fresh(), atOneMiB(CHARGE_NANOS).fresh(),
                CopyCost.NONE);
        Calibration charged = calibration.withCharges(Calibration.Charges.ofCopies(byHeap, PipeCost.NONE));
        Measurement pooled = run("processes", 4, "send 1MB", charged);
        Measurement perTask = run("process-per-task", 4, "send 1MB", charged);
        assertThat(pooled.bytesCopied()).isEqualTo(perTask.bytesCopied()).isEqualTo(4 * 1024 * 1024);
        assertThat(pooled.copyNanos()).as("one worker's four copies: fresh, grown, reused, reused")
                .isGreaterThan(3 * CHARGE_NANOS / 2)
                .isLessThan(perTask.copyNanos() * 6 / 10);
        assertThat(perTask.copyNanos()).as("four fresh processes' copies").isGreaterThan(8 * CHARGE_NANOS / 2);
    }

    /** A copy of 1 MiB charged {@code nanos}, wherever its memory comes from. */
    private static PipeCost atOneMiB(long nanos) {
        return PipeCost.always(new CopyCost(List.of(new CopyCost.Point(1024 * 1024, nanos))));
    }
}
