package lab.gil.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One worker's cost, the same figure for every kind of worker. */
class WorkerCostTest {

    @Test
    void processesCostTheMedianOfTheirPeakMemory() {
        WorkerCost cost = WorkerCost.ofProcesses(List.of(40L << 20, 30L << 20, 35L << 20), Duration.ofMillis(48), 12);
        assertThat(cost.kind()).isEqualTo(WorkerCost.PROCESS);
        assertThat(cost.bytesPerWorker()).isEqualTo(35L << 20);
        assertThat(cost.startMillisPerWorker()).isEqualTo(48.0);
        assertThat(cost.sampled()).isEqualTo(12);
    }

    @Test
    void anEvenNumberOfProcessesCostsTheMeanOfTheMiddleTwo() {
        assertThat(WorkerCost.ofProcesses(List.of(10L, 40L, 20L, 30L), Duration.ZERO, 1).bytesPerWorker()).isEqualTo(25);
    }

    @Test
    void memoryForManyWorkersIsTheCostOfOneTimesTheirNumber() {
        WorkerCost thread = new WorkerCost(WorkerCost.THREAD, 16 * 1024, 1024 * 1024, 50_000, 768);
        assertThat(thread.bytesFor(10_000)).isEqualTo(160_000L * 1024);
        assertThat(thread.kibPerWorker()).isEqualTo(16.0);
        assertThat(thread.startMicrosPerWorker()).isEqualTo(50.0);
    }

    @Test
    void aNamelessKindOrANegativeFigureIsRefused() {
        // Kinds are open (each kind's package names its own), but a cost always says whose it is.
        assertThatThrownBy(() -> new WorkerCost(" ", 1, 0, 1, 1)).hasMessageContaining("names its kind");
        assertThatThrownBy(() -> new WorkerCost(WorkerCost.THREAD, -1, 0, 1, 1)).hasMessageContaining("never negative");
        assertThatThrownBy(() -> WorkerCost.ofProcesses(List.of(), Duration.ZERO, 1)).hasMessageContaining("no process");
    }
}
