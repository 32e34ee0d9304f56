package lab.gil.run.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import lab.gil.run.execution.ContextSwitches;
import lab.gil.run.execution.Measurement;
import lab.gil.run.summary.RunSummary;
import org.junit.jupiter.api.Test;

/** How much of the machine other work took during a run, from made-up samples of the machine's busy cores. */
class OtherWorkRecorderTest {

    private static final long MS = 1_000_000;
    private static final int CORES = 2;

    /** Samples of {@code busyCores} every 100 ms, from {@code fromMs} (the first one's start) to {@code toMs}. */
    private static List<OtherWorkRecorder.Slice> samples(long fromMs, long toMs, double busyCores) {
        List<OtherWorkRecorder.Slice> slices = new ArrayList<>();
        for (long t = fromMs; t + 100 <= toMs; t += 100) {
            slices.add(new OtherWorkRecorder.Slice(t * MS, (t + 100) * MS, busyCores));
        }
        return slices;
    }

    @Test
    void otherWorkIsTheMachinesBusyCoresLessTheRunsOwnCpuOverItsWallTime() {
        // 1 s run using 1 core on average; the machine was 1.5 cores busy throughout.
        RunSummary.OtherWork o = OtherWorkRecorder.account(samples(0, 1000, 1.5), CORES, 0, 1000 * MS, 1000 * MS);
        assertThat(o.cores()).isCloseTo(0.5, within(1e-9));
        assertThat(o.share()).isCloseTo(0.25, within(1e-9));
        assertThat(o.machineCores()).isEqualTo(CORES);
        assertThat(o.coveredMillis()).isCloseTo(1000, within(1e-9));
        assertThat(o.disturbed()).as("half a core is more than a quarter").isTrue();
    }

    @Test
    void samplesThatStraddleTheRunsStartOrEndAreLeftOut() {
        // The run: 50 ms to 1,050 ms, 2 cores busy, all its own. Before it a baseline kept 1 core busy, after it the
        // baseline measured again did: the samples across its edges mix that work in, and must not count.
        List<OtherWorkRecorder.Slice> slices = new ArrayList<>();
        slices.add(new OtherWorkRecorder.Slice(-100 * MS, 0, 1.0));
        slices.add(new OtherWorkRecorder.Slice(0, 100 * MS, 1.5));
        slices.addAll(samples(100, 1000, 2.0));
        slices.add(new OtherWorkRecorder.Slice(1000 * MS, 1100 * MS, 1.5));
        slices.add(new OtherWorkRecorder.Slice(1100 * MS, 1200 * MS, 1.0));
        RunSummary.OtherWork o = OtherWorkRecorder.account(slices, CORES, 50 * MS, 1000 * MS, 2000 * MS);
        assertThat(o.cores()).isCloseTo(0, within(1e-9));
        assertThat(o.coveredMillis()).as("only the whole samples inside the run").isCloseTo(900, within(1e-9));
        assertThat(o.disturbed()).isFalse();
    }

    @Test
    void unevenSamplesCountByTheTimeTheyCover() {
        // A stalled sampler: one sample covered 400 ms at 2 cores, four covered 100 ms each at 1 core.
        List<OtherWorkRecorder.Slice> slices = new ArrayList<>(samples(0, 400, 1.0));
        slices.add(new OtherWorkRecorder.Slice(400 * MS, 800 * MS, 2.0));
        RunSummary.OtherWork o = OtherWorkRecorder.account(slices, CORES, 0, 800 * MS, 0);
        assertThat(o.cores()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void tooLittleOfTheRunCoveredByWholeSamplesGivesNoFigureRatherThanNoise() {
        // 0.45 s run: four whole samples inside, 400 ms, less than the minimum.
        assertThat(OtherWorkRecorder.account(samples(0, 1000, 2.0), CORES, 0, 450 * MS, 0)).isNull();
        assertThat(OtherWorkRecorder.account(samples(0, 1000, 2.0), CORES, 0, 500 * MS, 0)).isNotNull();
    }

    @Test
    void withoutSamplesTheFigureIsUnknownNotZero() {
        assertThat(OtherWorkRecorder.account(List.of(), CORES, 0, 5000 * MS, 1000 * MS)).isNull();
        assertThat(OtherWorkRecorder.account(List.of(), 0, 0, 5000 * MS, 1000 * MS)).isNull();
    }

    @Test
    void aRunThatSeemsToUseMoreThanTheMachineGivesZeroNotANegativeFigure() {
        // Ticks round: the samples may count a little less than the run's own, exactly measured, CPU time.
        RunSummary.OtherWork o = OtherWorkRecorder.account(samples(0, 1000, 1.95), CORES, 0, 1000 * MS, 2000 * MS);
        assertThat(o.cores()).isZero();
    }

    @Test
    void aRecorderWithoutASamplerKnowsNothing() {
        try (OtherWorkRecorder recorder = OtherWorkRecorder.start(null, java.time.Duration.ofSeconds(60))) {
            assertThat(recorder.during(new Measurement(0, 5000 * MS, 1000 * MS, 0, new ContextSwitches(0, 0), 0, 0,
                    List.of()))).isNull();
        }
    }

    @Test
    void theRecorderCountsEachSampleFromTheOneBeforeItAndKeepsOnlyTheNewest() {
        // A sample every 100 ms, from 0 to 2 s, stamped by a made-up clock; room for the last 8 only.
        long[] now = {0};
        OtherWorkRecorder recorder = new OtherWorkRecorder(8, () -> now[0]);
        for (int i = 0; i <= 20; i++) {
            now[0] = i * 100 * MS;
            recorder.onSample(lab.gil.cores.CoreSample.of(now[0] / MS, i <= 14 ? new double[] {1, 1}
                    : new double[] {1, 0}));
        }
        // The run: 1.3 s to 2 s, 0.2 cores of its own. The samples kept arrived at 1.3 s to 2 s: the one at 1.3 s
        // starts nobody knows when and does not count; seven cover 1.3 s to 2 s, the one up to 1.4 s at 2 cores
        // busy, the other six at 1 core.
        RunSummary.OtherWork o = recorder.during(new Measurement(1300 * MS, 700 * MS, 140 * MS, 0,
                new ContextSwitches(0, 0), 0, 0, List.of()));
        assertThat(o.coveredMillis()).isCloseTo(700, within(1e-9));
        assertThat(o.cores()).isCloseTo((2.0 * 100 + 1.0 * 600) / 700 - 0.2, within(1e-9));
        assertThat(o.machineCores()).isEqualTo(2);
    }
}
