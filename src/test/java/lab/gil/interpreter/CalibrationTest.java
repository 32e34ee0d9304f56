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
