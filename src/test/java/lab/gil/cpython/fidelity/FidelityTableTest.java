package lab.gil.cpython.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonParser;
import org.junit.jupiter.api.Test;

/**
 * The fidelity table puts each preset's kept measurements side by side, compares the figure the lesson's answer
 * reads, wall and CPU time, reads the lesson's answer from each engine's figures, and writes the same rows as CSV
 * and as text.
 */
class FidelityTableTest {

    private static final String LESSON = """
            ---
            id: two-threads
            title: Two threads
            order: 1
            concepts: [GIL]
            prediction:
              question: "How fast are two threads?"
              choices: ["Faster", "The same"]
            presets:
              - name: One thread
                scenario:
                  executor: threads
                  workers: 1
                  programs: "cpu 2000000"
              - name: Two threads
                scenario:
                  executor: threads
                  workers: 2
                  programs: "cpu 1000000"
            answer:
              figure: speedup
              of: "Two threads"
              choices:
                "Faster": "at least 1.25"
                "The same": "below 1.25"
            explanation: |
              They take turns.
            python: |
              print("hello")
            ---
            Two threads under one GIL.
            """;
    private static final Instant AT = Instant.parse("2026-12-06T23:10:00Z");

    private final Lesson lesson = new LessonParser().parse("01-two-threads.md", LESSON);
    private final List<PresetMeasurement> kept = new ArrayList<>();

    @Test
    void aPresetMeasuredInBothEnginesIsComparedOnItsAnswersFigureThenWallAndCpuTime() {
        keep("Two threads", "emulation", 1.40, 1000, 2000);
        keep("Two threads", "cpython", 1.00, 1020, 1950);

        PresetRow row = table().rows().get(1);

        assertThat(row.measured()).isTrue();
        assertThat(row.figures()).extracting(FigurePair::figure)
                .containsExactly(RunFigure.SPEEDUP, RunFigure.WALL_TIME, RunFigure.CPU_TIME);
        assertThat(row.answerFigure().ratio()).isEqualTo(1.40);
        assertThat(row.answerFigure().disagrees()).isTrue();
        assertThat(row.wallTime().disagrees()).as("1000 against 1020 ms").isFalse();
        assertThat(row.disagrees()).isTrue();
    }

    @Test
    void aPresetTheAnswerDoesNotReadIsComparedOnWallAndCpuTimeOnly() {
        PresetRow row = table().rows().getFirst();

        assertThat(row.answerFigure()).isNull();
        assertThat(row.figures()).extracting(FigurePair::figure).containsExactly(RunFigure.WALL_TIME, RunFigure.CPU_TIME);
        assertThat(row.measured()).isFalse();
    }

    @Test
    void eachEnginesFiguresAnswerTheLessonAndADifferentChoiceIsFlagged() {
        keep("Two threads", "emulation", 1.40, 1000, 2000);
        keep("Two threads", "cpython", 1.00, 1020, 1950);

        AnswerCheck answer = table().lessons().getFirst().answer();

        assertThat(answer.emulation().choice()).isEqualTo("Faster");
        assertThat(answer.cpython().choice()).isEqualTo("The same");
        assertThat(answer.disagrees()).isTrue();
        assertThat(answer.cpythonText()).isEqualTo("1.00×: “The same”");
        assertThat(table().answersDiffering()).isEqualTo(1);
    }

    @Test
    void aMeasurementOfKnobsTheLessonHasSinceChangedIsNotCurrent() {
        kept.add(new PresetMeasurement("two-threads", "Two threads", "cpython", "an older scenario", AT,
                PresetMeasurement.MEASURED, "CPython 3.11.2", null, 1.0, figures(1.0, 1000, 2000)));

        FidelityTable table = table();

        assertThat(table.rows().get(1).cpython()).isNull();
        assertThat(table.complete()).isFalse();
        assertThat(table.checkedAt()).isEmpty();
    }

    @Test
    void theCheckIsAsOldAsItsOldestRunOnceEveryPresetIsMeasuredInBothEngines() {
        keep("One thread", "emulation", Double.NaN, 2000, 2000);
        keep("One thread", "cpython", Double.NaN, 2000, 2000);
        keep("Two threads", "emulation", 1.0, 2000, 2000);
        kept.add(new PresetMeasurement("two-threads", "Two threads", "cpython", presetKey("Two threads"),
                AT.minusSeconds(60), PresetMeasurement.MEASURED, "CPython 3.11.2", null, 1.0,
                figures(1.0, 2000, 2000)));

        FidelityTable table = table();

        assertThat(table.complete()).isTrue();
        assertThat(table.checkedAt()).hasValue(AT.minusSeconds(60));
        assertThat(table.passes()).isTrue();
    }

    @Test
    void theCsvHasALinePerPresetAndFigureWithBusyRunsMarkedAndTextDefused() {
        keep("Two threads", "emulation", 1.40, 1000, 2000);
        kept.add(new PresetMeasurement("two-threads", "Two threads", "cpython", presetKey("Two threads"), AT,
                PresetMeasurement.MEASURED, "CPython 3.11.2", null, 42.5, figures(1.00, 1020, 1950)));

        String csv = FidelityReport.csv(table(), 2);

        assertThat(csv.split("\r\n")).hasSize(1 + 2 + 3);
        assertThat(csv).startsWith(String.join(",", FidelityReport.HEADER) + "\r\n")
                .contains("two-threads,Two threads,Speedup,yes,1.40×,1.00×,1.40,yes,2026-12-06 23:10 UTC,,"
                        + "2026-12-06 23:10 UTC,load 42.5,CPython 3.11.2,")
                .contains("two-threads,One thread,Wall time,,–,–,–,,,,,,,emulation: not measured; CPython: not measured");
        assertThat(FidelityReport.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
    }

    @Test
    void theTextTableMarksFiguresBeyondTenPercentAndTheAnswersThatDiffer() {
        keep("Two threads", "emulation", 1.40, 1000, 2000);
        keep("Two threads", "cpython", 1.00, 1020, 1950);

        String text = FidelityReport.text(table(), 2);

        assertThat(text).containsPattern("two-threads +Two threads +Speedup \\* +1\\.40× +1\\.00× +1\\.40 +>10%")
                .contains("DIFFERENT CHOICE")
                .contains("2 presets, 1 measured in both engines, 1 with a figure beyond 10%, 1 lessons whose answer differs.");
    }

    private FidelityTable table() {
        return FidelityTable.of(List.of(lesson), kept);
    }

    private void keep(String preset, String engine, double speedup, double wallMillis, double cpuMillis) {
        kept.add(new PresetMeasurement("two-threads", preset, engine, presetKey(preset), AT,
                PresetMeasurement.MEASURED, engine.equals("cpython") ? "CPython 3.11.2" : "GIL Lab emulation", null,
                0.5, figures(speedup, wallMillis, cpuMillis)));
    }

    private String presetKey(String preset) {
        return LessonPreset.of(List.of(lesson)).stream().filter(p -> p.name().equals(preset)).findFirst()
                .orElseThrow().scenario().key();
    }

    private static MeasuredFigures figures(double speedup, double wallMillis, double cpuMillis) {
        return new MeasuredFigures(2, 2, wallMillis, cpuMillis, speedup, Double.NaN, null, null, Double.NaN);
    }
}
