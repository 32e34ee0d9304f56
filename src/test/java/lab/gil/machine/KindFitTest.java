package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;

import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.EvalLoopWarmUp;
import lab.gil.run.thread.ThreadExecution;
import lab.gil.scenario.ExecutorKind;
import org.junit.jupiter.api.Test;

/**
 * A kind's fit is checked after it is made: a fit that met a slow spell of the host (its rounds far too few or too
 * many) is timed twice, found off CPython's cost both times, and corrected, so the lessons do not run at half
 * CPython's speed until the server restarts.
 */
class KindFitTest {

    private final KindFit threads = new KindFit(ThreadExecution.FACTORY, ExecutorKind.THREADS);

    @Test
    void aFitOffByAFactorOfTwoEitherWayIsCorrectedByItsChecks() throws Exception {
        Calibration serverFit = Calibration.forTarget(40, Calibration.Source.GIVEN);
        EvalLoopWarmUp.run(serverFit);
        KindFit.Fit fit = threads.fit(serverFit);
        double rounds = fit.calibration().roundsPerIteration();

        for (double wrongBy : new double[] {0.5, 2}) {
            Calibration disturbed = fit.calibration().withKernel(rounds * wrongBy, fit.calibration().nsPerRound());
            KindFit.Fit checked = threads.checked(disturbed);
            assertThat(checked.calibration().roundsPerIteration() / rounds)
                    .as("rounds after checking a fit with %s times the fitted rounds", wrongBy)
                    .isBetween(0.75, 1.33);
            assertThat(checked.nsPerIteration() / 40).as("what an iteration took when last timed").isBetween(0.75, 1.33);
        }
    }

    @Test
    void checksAgreeWhenTheyAreWithinTheToleranceOfEachOther() {
        assertThat(KindFit.within(40 * (1 + KindFit.TOLERANCE * 0.9), 40)).isTrue();
        assertThat(KindFit.within(40 * (1 - KindFit.TOLERANCE * 0.9), 40)).isTrue();
        assertThat(KindFit.within(40 * (1 + KindFit.TOLERANCE * 1.1), 40)).isFalse();
        assertThat(KindFit.within(20.4, 36.7)).as("the fit that was seen, worker processes at 0.55 of CPython's cost")
                .isFalse();
    }
}
