package lab.gil.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The thread probe measures real threads of this JVM and leaves none of them behind. */
class ThreadCostProbeTest {

    /** A platform thread's stack reservation on the platforms this runs on: 1 MiB by default, never under 64 KiB. */
    private static final long SMALLEST_STACK = 64 * 1024;
    private static final long LARGEST_STACK = 64L * 1024 * 1024;
    /** Starting one thread takes microseconds; a second would mean it measured something else. */
    private static final long SLOWEST_START_NANOS = 1_000_000_000L;

    @Test
    void aThreadHoldsLessMemoryThanTheStackItReserves() throws InterruptedException {
        assumeThat(Files.isReadable(Path.of("/proc/self/status"))).as("Linux /proc").isTrue();
        WorkerCost cost = ThreadCostProbe.measure(128, 3);
        assertThat(cost.kind()).isEqualTo(WorkerCost.THREAD);
        assertThat(cost.reservedBytesPerWorker()).as("address space reserved per thread")
                .isBetween(SMALLEST_STACK, LARGEST_STACK);
        assertThat(cost.bytesPerWorker()).as("resident memory per thread: touched pages only")
                .isPositive().isLessThan(cost.reservedBytesPerWorker());
        assertThat(cost.sampled()).isEqualTo(128 * 3);
    }

    @Test
    void startingAThreadIsTimedUntilItRuns() throws InterruptedException {
        WorkerCost cost = ThreadCostProbe.measure(16, 1);
        assertThat(cost.startNanosPerWorker()).isPositive().isLessThan(SLOWEST_START_NANOS);
    }

    @Test
    void everyThreadItStartsHasEndedWhenItReturns() throws InterruptedException {
        ThreadCostProbe.measure(32, 2);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("thread-cost-probe-"));
    }

    @Test
    void theSharedFigureIsMeasuredOnce() throws InterruptedException {
        assertThat(ThreadCostProbe.shared()).isSameAs(ThreadCostProbe.shared());
    }
}
