package lab.gil.run.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTraceTest {

    @Test
    void aTraceKeepsEveryChangeInOrderWithItsWorkerStateAndTime() {
        RunTrace trace = new RunTrace(1_700_000_000_000L, 3, LaneStyle.sharingOneGil());
        trace.add(0, 1, 0);
        trace.add(2, 2, 1_234_567);
        trace.add(1, 6, 99_000_000_000L);
        List<long[]> seen = new ArrayList<>();
        trace.forEach(seen::add);
        assertThat(seen).containsExactly(new long[] {0, 1, 0}, new long[] {2, 2, 1_234_567},
                new long[] {1, 6, 99_000_000_000L});
        RunTrace.Snapshot snap = trace.snapshot();
        assertThat(snap.startEpochMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(snap.endMicros()).isEqualTo(99_000_000_000L);
        assertThat(snap.capped()).isFalse();
    }

    @Test
    void aTraceStopsKeepingAtItsCapacityAndSaysHowManyItLeftOut() {
        RunTrace trace = new RunTrace(0, 1, LaneStyle.sharingOneGil());
        for (int i = 0; i < RunTrace.CAPACITY + 10; i++) {
            trace.add(0, i % 2, i);
        }
        RunTrace.Snapshot snap = trace.snapshot();
        assertThat(snap.changes()).hasSize(RunTrace.CAPACITY);
        assertThat(snap.capped()).isTrue();
        assertThat(snap.overCapacity()).isEqualTo(10);
        assertThat(snap.endMicros()).as("the trace still covers the whole run").isEqualTo(RunTrace.CAPACITY + 9);
    }
}
