package lab.gil.cores;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TickDeltasTest {

    @Test
    void utilizationIsBusyTicksOverAllTicksSinceThePreviousReading() {
        TickDeltas deltas = new TickDeltas(new long[] {100, 100}, new long[] {100, 100});
        assertThat(deltas.advance(new long[] {105, 110}, new long[] {105, 100})).containsExactly(0.5, 1.0);
        assertThat(deltas.advance(new long[] {105, 111}, new long[] {115, 103})).containsExactly(0.0, 0.25);
    }

    @Test
    void countersThatDidNotMoveGiveZeroBeforeAnyValueAndNeverNaN() {
        TickDeltas deltas = new TickDeltas(new long[] {7}, new long[] {9});
        assertThat(deltas.advance(new long[] {7}, new long[] {9})).containsExactly(0.0);
    }

    @Test
    void countersThatDidNotMoveKeepThePreviousValue() {
        TickDeltas deltas = new TickDeltas(new long[] {0}, new long[] {0});
        deltas.advance(new long[] {3}, new long[] {1});
        assertThat(deltas.advance(new long[] {3}, new long[] {1})).containsExactly(0.75);
    }

    @Test
    void countersThatWentBackwardsKeepThePreviousValueAndBecomeTheNewBaseline() {
        TickDeltas deltas = new TickDeltas(new long[] {0}, new long[] {0});
        deltas.advance(new long[] {1}, new long[] {1});
        assertThat(deltas.advance(new long[] {0}, new long[] {0})).containsExactly(0.5);
        assertThat(deltas.advance(new long[] {1}, new long[] {3})).containsExactly(0.25);
    }
}
