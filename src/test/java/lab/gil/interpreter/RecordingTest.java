package lab.gil.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Specification of the recording: bounded state logs that never block the worker, and latency statistics. */
class RecordingTest {

    @Test
    void aStateLogHandsOutChangesOldestFirstAndOnlyOnce() {
        StateLog log = new StateLog(3, 8);
        log.append(WorkerState.RUNNING, 10);
        log.append(WorkerState.IO, 20);
        List<StateChange> first = new ArrayList<>();
        log.drainTo(first::add);
        List<StateChange> second = new ArrayList<>();
        log.drainTo(second::add);

        assertThat(first).containsExactly(new StateChange(3, WorkerState.RUNNING, 10),
                new StateChange(3, WorkerState.IO, 20));
        assertThat(second).isEmpty();
    }

    @Test
    void aFullStateLogCountsWhatItDropsInsteadOfBlocking() {
        StateLog log = new StateLog(0, 4);
        for (int i = 0; i < 10; i++) {
            log.append(WorkerState.RUNNING, i);
        }
        List<StateChange> drained = new ArrayList<>();
        log.drainTo(drained::add);
        log.append(WorkerState.DONE, 99);
        log.drainTo(drained::add);

        assertThat(log.dropped()).isEqualTo(6);
        assertThat(drained).extracting(StateChange::nanoTime).containsExactly(0L, 1L, 2L, 3L, 99L);
    }

    @Test
    void theHistogramMedianIsWithinItsBucketWidth() {
        LatencyHistogram h = new LatencyHistogram();
        for (long v = 1; v <= 1001; v++) {
            h.record(v * 1000);
        }
        LatencyStats s = h.stats();

        assertThat(s.count()).isEqualTo(1001);
        assertThat(s.maxNanos()).isEqualTo(1_001_000);
        assertThat(s.meanNanos()).isCloseTo(501_000, within(1.0));
        assertThat((double) s.medianNanos()).isCloseTo(501_000, within(501_000 / 16.0));
    }

    @Test
    void everyBucketMidpointMapsBackToItsBucket() {
        for (long v : new long[] {0, 1, 15, 16, 17, 31, 32, 1000, 123_456, 5_000_000_000L, (1L << 40) - 1}) {
            int bucket = LatencyHistogram.bucketOf(v);
            assertThat(LatencyHistogram.bucketOf(LatencyHistogram.midpointOf(bucket))).isEqualTo(bucket);
        }
    }

    @Test
    void withRecordingOffNoStateChangesAreKept() throws InterruptedException {
        Interpreter interp = new Interpreter(GilMode.GIL, Interpreter.DEFAULT_SWITCH_INTERVAL, 1,
                TestWorker.FIXED, false);
        TestWorker.start(interp, 0, "cpu 1000; io 1ms", new java.util.concurrent.CountDownLatch(0)).join();
        List<StateChange> drained = new ArrayList<>();
        interp.drainStateChanges(drained::add);

        assertThat(drained).isEmpty();
        assertThat(interp.counters().total().acquisitions()).isEqualTo(2);
    }
}
