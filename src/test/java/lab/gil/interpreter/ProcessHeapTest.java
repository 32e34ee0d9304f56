package lab.gil.interpreter;

import static lab.gil.interpreter.ProcessHeap.Memory.FRESH;
import static lab.gil.interpreter.ProcessHeap.Memory.GROWN;
import static lab.gil.interpreter.ProcessHeap.Memory.REUSED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ProcessHeapTest {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    @Test
    void theFirstCopyOfASizeIsMappedAfreshTheSecondGrowsTheHeapAndLaterOnesReuseIt() {
        ProcessHeap heap = new ProcessHeap();
        assertThat(copies(heap, MIB, MIB, MIB, MIB)).containsExactly(FRESH, GROWN, REUSED, REUSED);
        assertThat(heap.copy(512 * KIB)).as("smaller than the heap holds").isEqualTo(REUSED);
        assertThat(copies(heap, 8 * MIB, 8 * MIB, 8 * MIB)).as("above the threshold the first raised")
                .containsExactly(FRESH, GROWN, REUSED);
        assertThat(heap.copy(MIB)).isEqualTo(REUSED);
    }

    @Test
    void beyond32MiBEveryCopyIsFreshAndLeavesTheThresholdWhereItWas() {
        ProcessHeap heap = new ProcessHeap();
        assertThat(copies(heap, 40 * MIB, 40 * MIB, 40 * MIB)).containsOnly(FRESH);
        assertThat(copies(heap, 32 * MIB, 32 * MIB)).as("32 MiB is the most glibc raises its threshold to")
                .containsExactly(FRESH, GROWN);
        assertThat(heap.copy(40 * MIB)).isEqualTo(FRESH);
    }

    @Test
    void aSmallCopyComesFromTheHeapAtOnceAndAFreshProcessHoldsNothing() {
        assertThat(copies(new ProcessHeap(), 64 * KIB, 64 * KIB)).as("below the first threshold, 128 KiB")
                .containsExactly(GROWN, REUSED);
        assertThat(copies(new ProcessHeap(), MIB)).as("another process").containsExactly(FRESH);
    }

    @Test
    void aPipeCostChargesWhatTheHeapSays() {
        CopyCost fresh = CopyCost.linear(0, 20, 64);
        CopyCost grown = CopyCost.linear(0, 10, 64);
        CopyCost reused = CopyCost.linear(0, 5, 64);
        PipeCost cost = new PipeCost(fresh, grown, reused);
        ProcessHeap heap = new ProcessHeap();
        assertThat(LongStream.range(0, 3).map(i -> cost.nanos(MIB, heap)).boxed().toList())
                .containsExactly(20_000_000L, 10_000_000L, 5_000_000L);
        assertThat(cost.nanos(0, heap)).isZero();
    }

    private static List<ProcessHeap.Memory> copies(ProcessHeap heap, long... sizes) {
        return LongStream.of(sizes).mapToObj(heap::copy).toList();
    }
}
