package lab.gil.interpreter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Specification of calibration and of the interpreter's bounds. */
class CalibrationTest {

    @Test
    void durationsBecomeAFixedNumberOfKernelRounds() {
        Calibration c = new Calibration(50, 25, 2.0, Calibration.Source.GIVEN);
        assertThat(c.roundsFor(Duration.ofMillis(1))).isEqualTo(500_000);
        assertThat(c.roundsFor(Duration.ofNanos(1))).isEqualTo(1);
    }

    @Test
    void theKernelIsCalibratedToTheTargetCostOfAnIteration() {
        Calibration c = Calibration.forTarget(60, Calibration.Source.GIVEN);
        assertThat(c.nsPerIteration()).isEqualTo(60);
        assertThat(c.roundsPerIteration()).isBetween(1L, 60L * 100);
        assertThat(c.nsPerRound()).isBetween(0.01, 60.0);
    }

    @Test
    void cpythonIsMeasuredWithItsVersionWhenPython3IsPresentAndOtherwiseAbsent() {
        CPythonProbe.countdown().ifPresent(m -> {
            assertThat(m.nsPerIteration()).isBetween(1.0, 10_000.0);
            assertThat(m.version()).matches("3\\.\\d+\\.\\d+.*");
        });
    }

    @Test
    void aMeasuredCalibrationNamesTheCPythonItWasMeasuredOnAndAFallbackNamesNone() {
        Calibration c = Calibration.measure();
        if (c.source() == Calibration.Source.MEASURED_CPYTHON) {
            assertThat(c.cpythonVersion()).startsWith("3.");
        } else {
            assertThat(c.source()).isEqualTo(Calibration.Source.FALLBACK);
            assertThat(c.nsPerIteration()).isEqualTo(Calibration.FALLBACK_NS_PER_ITERATION);
            assertThat(c.cpythonVersion()).isNull();
        }
        assertThat(c.toString()).contains(String.format("%.1f ns/iteration", c.nsPerIteration()));
    }

    @Test
    void aKindChargesACopyItsFixedCostAndItsCostPerMiBAndNothingForNothingCopied() {
        Calibration.Charges charges = new Calibration.Charges(100_000, 3_000_000, 0, 0);
        assertThat(charges.copyNanos(0)).isZero();
        assertThat(charges.copyNanos(1024 * 1024)).isEqualTo(3_100_000);
        assertThat(charges.copyNanos(10L * 1024 * 1024)).isEqualTo(30_100_000);
        Calibration c = new Calibration(50, 25, 2.0, Calibration.Source.GIVEN).withCharges(charges);
        assertThat(c.withKernel(30, 1.5)).as("another kind's kernel keeps the charges")
                .extracting(Calibration::roundsPerIteration, Calibration::nsPerRound, Calibration::charges)
                .containsExactly(30L, 1.5, charges);
        assertThatThrownBy(() -> new Calibration.Charges(-1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anImpossibleCalibrationIsRefused() {
        assertThatThrownBy(() -> new Calibration(50, 0, 2.0, Calibration.Source.GIVEN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSwitchIntervalMustBeBetweenATenthOfAMillisecondAndATenthOfASecond() {
        assertThatThrownBy(() -> new Interpreter(GilMode.GIL, Duration.ofMillis(101), 1, TestWorker.FIXED, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0.1 ms and 100 ms");
        assertThatThrownBy(() -> new Interpreter(GilMode.GIL, Duration.ofNanos(99_999), 1, TestWorker.FIXED, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
