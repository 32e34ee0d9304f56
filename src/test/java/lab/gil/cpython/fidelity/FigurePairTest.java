package lab.gil.cpython.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Two engines' figures agree within 10% of CPython's, either way, and a zero only with a zero. */
class FigurePairTest {

    @Test
    void theRatioIsTheEmulationsFigureOverCPythonsAndTenPercentEitherWayStillAgrees() {
        FigurePair dearer = new FigurePair(RunFigure.WALL_TIME, 1090, 1000, false);
        FigurePair cheaper = new FigurePair(RunFigure.WALL_TIME, 910, 1000, false);

        assertThat(dearer.ratio()).isEqualTo(1.09);
        assertThat(dearer.ratioText()).isEqualTo("1.09");
        assertThat(dearer.disagrees()).isFalse();
        assertThat(cheaper.disagrees()).isFalse();
    }

    @Test
    void moreThanTenPercentEitherWayDisagreesCheaperAsMuchAsDearer() {
        assertThat(new FigurePair(RunFigure.SPEEDUP, 1.12, 1.0, true).disagrees()).isTrue();
        assertThat(new FigurePair(RunFigure.SPEEDUP, 0.88, 1.0, true).disagrees()).isTrue();
    }

    @Test
    void aZeroAgreesOnlyWithAZero() {
        FigurePair none = new FigurePair(RunFigure.LOST_UPDATES, 0, 0, true);
        FigurePair some = new FigurePair(RunFigure.LOST_UPDATES, 0, 5_000, true);
        FigurePair falseAlarm = new FigurePair(RunFigure.LOST_UPDATES, 5_000, 0, true);

        assertThat(none.disagrees()).isFalse();
        assertThat(none.ratioText()).isEqualTo("same");
        assertThat(some.disagrees()).isTrue();
        assertThat(falseAlarm.disagrees()).isTrue();
        assertThat(falseAlarm.ratioText()).as("nothing to divide by").isEqualTo("–");
    }

    @Test
    void aFigureOneEngineDidNotMeasureIsNotCompared() {
        FigurePair half = new FigurePair(RunFigure.SPEEDUP, 1.9, Double.NaN, true);

        assertThat(half.compared()).isFalse();
        assertThat(half.disagrees()).isFalse();
        assertThat(half.cpythonText()).isEqualTo("–");
        assertThat(half.emulationText()).isEqualTo("1.90×");
    }

    @Test
    void figuresAreWrittenInTheirOwnUnits() {
        assertThat(RunFigure.WALL_TIME.text(1234)).isEqualTo("1.23 s");
        assertThat(RunFigure.BACK_FROM_IO.text(4.94)).isEqualTo("4.9 ms");
        assertThat(RunFigure.LOST_UPDATES.text(1234567)).isEqualTo("1,234,567");
        assertThat(RunFigure.TASKS_FINISHED.text(7)).isEqualTo("7");
    }
}
