package lab.gil.interpreter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import lab.gil.program.TaskProgram;
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
    void anIterationBurnsItsFractionOfARoundToo() throws InterruptedException {
        // 10,000 iterations: two looks at cancellation (every 4,096) and 1,808 iterations after the last.
        assertThat(roundsBurnt(1.0, "cpu 10000")).isEqualTo(10_000);
        assertThat(roundsBurnt(1.25, "cpu 10000")).isEqualTo(12_500);
        assertThat(roundsBurnt(2.5, "cpu 10000")).isEqualTo(25_000);
        assertThat(roundsBurnt(1.5, "cpu 1000; cpu 1000")).as("each step's remainder is burnt at its end")
                .isEqualTo(3_000);
    }

    @Test
    void countdownRunsWarmFromItsEighthCallInItsInterpreter() throws InterruptedException {
        Calibration c = new Calibration(50, 2, 2.0, Calibration.Source.GIVEN).withWarmShare(0.5);
        String eightCalls = String.join("; ", java.util.Collections.nCopies(8, "cpu 1000"));
        assertThat(roundsBurnt(c, eightCalls)).as("seven cold calls, then one warm").isEqualTo(7 * 2000 + 1000);
        assertThat(roundsBurnt(c, "cpu 1000; put 1 50us; get 1 50us"))
                .as("a queue item's Python work is a time, not a call of countdown").isEqualTo(2000 + 2 * 2000);
        assertThat(roundsBurnt(c.withWarmShare(0.1), eightCalls)).as("a share below the bound is bounded")
                .isEqualTo(7 * 2000 + 1000);

        // Threads of one interpreter share countdown; subinterpreters have one each.
        for (GilMode mode : List.of(GilMode.GIL, GilMode.PER_INTERPRETER)) {
            Interpreter interpreter = new Interpreter(mode, Duration.ofMillis(5), 2, c, false);
            run(interpreter, 0, String.join("; ", java.util.Collections.nCopies(7, "cpu 1000")));
            PyThread second = run(interpreter, 1, "cpu 1000");
            assertThat(roundsOf(second)).as("the other thread's first call, %s", mode)
                    .isEqualTo(mode == GilMode.GIL ? 1000 : 2000);
        }
    }

    /** Rounds a free-threaded worker burns for {@code program}: found by replaying the kernel from its seed. */
    private static long roundsBurnt(double roundsPerIteration, String program) throws InterruptedException {
        return roundsBurnt(new Calibration(50, roundsPerIteration, 2.0, Calibration.Source.GIVEN), program);
    }

    private static long roundsBurnt(Calibration c, String program) throws InterruptedException {
        Interpreter interpreter = new Interpreter(GilMode.FREE_THREADED, Duration.ofMillis(5), 1, c, false);
        return roundsOf(run(interpreter, 0, program));
    }

    private static PyThread run(Interpreter interpreter, int worker, String program) throws InterruptedException {
        PyThread thread = interpreter.attach(worker);
        try {
            assertThat(thread.run(TaskProgram.parse(program), () -> false)).isTrue();
        } finally {
            thread.detach();
        }
        return thread;
    }

    private static long roundsOf(PyThread thread) {
        long x = BurnKernel.SEED;
        for (long rounds = 1; rounds <= 100_000; rounds++) {
            x = BurnKernel.burn(x, 1);
            if (x == thread.kernelState()) {
                return rounds;
            }
        }
        throw new AssertionError("more than 100,000 rounds burnt");
    }

    @Test
    void theKernelIsCalibratedToTheTargetCostOfAnIteration() {
        Calibration c = Calibration.forTarget(60, Calibration.Source.GIVEN);
        assertThat(c.nsPerIteration()).isEqualTo(60);
        assertThat(c.roundsPerIteration()).isBetween(1.0, 60.0 * 100);
        assertThat(c.nsPerRound()).isBetween(0.01, 60.0);
    }

    @Test
    void cpythonIsMeasuredWithItsVersionWhenPython3IsPresentAndOtherwiseAbsent() {
        CPythonProbe.countdown().ifPresent(m -> {
            assertThat(m.nsPerIteration()).isBetween(1.0, 10_000.0);
            assertThat(m.warmNsPerIteration()).as("a warm countdown").isBetween(1.0, 10_000.0);
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
    void aKindChargesEachCopyByItsSizeAndNothingForNothingCopied() {
        // CPython's costs here: 0.6 ms for 1 MiB, 70 ms for 8 MiB, 1,250 ms for 64 MiB.
        CopyCost send = new CopyCost(List.of(CopyCost.Point.ofMiB(1, 0.6), CopyCost.Point.ofMiB(8, 70),
                CopyCost.Point.ofMiB(64, 1250)));
        assertThat(send.nanos(0)).isZero();
        assertThat(send.millis(512 * 1024)).as("below the smallest size: in proportion").isEqualTo(0.3);
        assertThat(send.millisAtMiB(1)).isEqualTo(0.6);
        assertThat(send.millisAtMiB(8)).isEqualTo(70);
        assertThat(send.millisAtMiB(36)).as("between two sizes: on the line between them").isEqualTo(660);
        assertThat(send.millisAtMiB(100)).as("beyond the largest: at the last line's slope")
                .isCloseTo(1250 + 36 * (1180 / 56.0), org.assertj.core.data.Offset.offset(0.001));
        assertThatThrownBy(() -> new CopyCost(List.of(CopyCost.Point.ofMiB(8, 1), CopyCost.Point.ofMiB(1, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        Calibration.Charges charges = Calibration.Charges.ofCopies(PipeCost.always(send), PipeCost.NONE);
        Calibration c = new Calibration(50, 25, 2.0, Calibration.Source.GIVEN).withCharges(charges);
        assertThat(c.withKernel(30, 1.5)).as("another kind's kernel keeps the charges")
                .extracting(Calibration::roundsPerIteration, Calibration::nsPerRound, Calibration::charges)
                .containsExactly(30.0, 1.5, charges);
        assertThatThrownBy(() -> Calibration.Charges.ofGreenlets(-1, 0)).isInstanceOf(IllegalArgumentException.class);
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
