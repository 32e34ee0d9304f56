package lab.gil.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.RunFigures;
import lab.gil.answer.page.LessonAnswer;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonParser;
import org.junit.jupiter.api.Test;

/**
 * The sentence a revealed poll says, and the bars it marks, from the class's predictions, the instructor's runs and
 * CPython's kept figures, each read by lesson 2's own answer rule.
 */
class RevealTest {

    private static final Lesson LESSON_2 = lesson2();
    private static final AnswerRule RULE = LESSON_2.answerRule().orElseThrow();
    private static final String HALF = "About half the time";
    private static final String SAME = "About the same time, or a little longer";
    private static final String TWICE = "Twice as long";
    private static final String PRESET = "Two threads, GIL on";
    private static final OffsetDateTime CPYTHON_MEASURED_AT = OffsetDateTime.of(2026, 12, 6, 13, 4, 0, 0,
            ZoneOffset.ofHours(1));

    private static Lesson lesson2() {
        try {
            return new LessonParser().parse("02.md", Files.readString(Path.of("lessons/02-cpu-bound-threads-and-the-gil.md")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RunFigures speedup(double speedup) {
        return new RunFigures("r", true, 2, 2, 1000, speedup, 0, null, null, Double.NaN);
    }

    private static MeasuredAnswer measured(Map<String, List<RunFigures>> runs) {
        return MeasuredAnswer.of(new LessonAnswer(LESSON_2.id(), RULE, RULE.evaluate(runs), null));
    }

    private static MeasuredAnswer measuredSpeedup(double speedup) {
        return measured(Map.of(PRESET, List.of(speedup(speedup))));
    }

    /** CPython's answer from its kept figure of the preset (none: not measured), as a reveal keeps it. */
    private static CPythonAnswer cpython(Double speedup) {
        Map<String, List<RunFigures>> runs = speedup == null ? Map.of() : Map.of(PRESET, List.of(speedup(speedup)));
        return new CPythonAnswer(measured(runs), speedup == null ? null : CPYTHON_MEASURED_AT,
                speedup == null ? null : "CPython 3.11.7");
    }

    private static Tally tally(int half, int same, int twice) {
        return new Tally(1, List.of(new Tally.Count(HALF, names(half)), new Tally.Count(SAME, names(same)),
                new Tally.Count(TWICE, names(twice))));
    }

    private static List<String> names(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "student " + i).toList();
    }

    @Test
    void aRevealSaysWhatMostPredictedBesideWhatTheLessonsRuleReadsFromTheRuns() {
        Reveal reveal = new Reveal(tally(5, 3, 0), measuredSpeedup(1.02), null);
        assertThat(reveal.sentence())
                .isEqualTo("63% predicted “About half the time”; measured 1.02×: “About the same time, or a little longer”.");
        assertThat(reveal.supports(reveal.tally().counts().get(1))).isTrue();
        assertThat(reveal.supports(reveal.tally().counts().get(0))).isFalse();
    }

    @Test
    void aRevealBeforeTheRunsSaysWhichPresetIsStillToRun() {
        Reveal reveal = new Reveal(tally(1, 1, 0), measured(Map.of()), null);
        assertThat(reveal.sentence()).isEqualTo(
                "50% predicted “About half the time”; not measured yet: run “Two threads, GIL on” first.");
    }

    @Test
    void aMeasurementNoChoiceCoversIsSaidAsSuch() {
        Reveal reveal = new Reveal(tally(0, 0, 2), measuredSpeedup(1.4), null);
        assertThat(reveal.sentence()).isEqualTo("100% predicted “Twice as long”; measured 1.40×, which no choice covers.");
    }

    @Test
    void anEmptyRoundSaysNobodyPredicted() {
        Tally empty = tally(0, 0, 0);
        assertThat(empty.top()).isEmpty();
        assertThat(empty.percent(empty.counts().getFirst())).isZero();
        assertThat(new Reveal(empty, measuredSpeedup(1.9), null).sentence())
                .isEqualTo("Nobody predicted; measured 1.90×: “About half the time”.");
    }

    @Test
    void aTieGoesToTheChoiceListedFirst() {
        assertThat(tally(0, 2, 2).top()).map(Tally.Count::choice).contains(SAME);
    }

    @Test
    void aRevealSaysWhatCPythonMeasuredOnThisServerWithItsBuildAndWhenInUtcAndMarksOneBarForBoth() {
        Reveal reveal = new Reveal(tally(5, 3, 0), measuredSpeedup(1.02), cpython(0.98));
        assertThat(reveal.sentence()).isEqualTo("63% predicted “About half the time”; measured 1.02×: “" + SAME
                + "”; CPython 3.11.7 on this server measured 0.98×: “" + SAME + "” (2026-12-06 12:04 UTC).");
        assertThat(reveal.cpythonAnswersOtherwise()).isFalse();
        Tally.Count same = reveal.tally().counts().get(1);
        assertThat(reveal.supports(same)).isTrue();
        assertThat(reveal.cpythonSupports(same)).isTrue();
        assertThat(reveal.tally().counts()).filteredOn(reveal::cpythonSupports).containsExactly(same);
    }

    @Test
    void whenCPythonSupportsAnotherChoiceThanTheRunsTheSentenceSaysSoAndEachBarIsMarkedForItsOwn() {
        Reveal reveal = new Reveal(tally(5, 3, 0), measuredSpeedup(1.02), cpython(1.9));
        assertThat(reveal.cpythonAnswersOtherwise()).isTrue();
        assertThat(reveal.sentence()).isEqualTo("63% predicted “About half the time”; measured 1.02×: “" + SAME
                + "”; but CPython 3.11.7 on this server measured 1.90×, which supports another answer: “" + HALF
                + "” (2026-12-06 12:04 UTC).");
        Tally.Count half = reveal.tally().counts().get(0);
        Tally.Count same = reveal.tally().counts().get(1);
        assertThat(reveal.cpythonSupports(half)).isTrue();
        assertThat(reveal.supports(half)).isFalse();
        assertThat(reveal.supports(same)).isTrue();
        assertThat(reveal.cpythonSupports(same)).isFalse();
    }

    @Test
    void aCPythonFigureNoChoiceCoversBesideASupportedOneIsAnotherAnswerToo() {
        Reveal reveal = new Reveal(tally(0, 1, 0), measuredSpeedup(1.02), cpython(1.4));
        assertThat(reveal.cpythonAnswersOtherwise()).isTrue();
        assertThat(reveal.sentence()).endsWith("; but CPython 3.11.7 on this server measured 1.40×, which no choice "
                + "covers (2026-12-06 12:04 UTC).");
        assertThat(reveal.tally().counts()).noneMatch(reveal::cpythonSupports);
    }

    @Test
    void beforeCPythonMeasuredTheLessonsPresetsTheSentenceSaysHowToHaveThemMeasured() {
        Reveal reveal = new Reveal(tally(1, 1, 0), measuredSpeedup(1.02), cpython(null));
        assertThat(reveal.sentence()).isEqualTo("50% predicted “About half the time”; measured 1.02×: “" + SAME
                + "”; CPython has not yet run “" + PRESET + "” on this server: “Re-measure every preset” on the "
                + "fidelity page (/instructor/fidelity).");
        assertThat(reveal.cpythonAnswersOtherwise()).as("nothing to disagree with yet").isFalse();
        assertThat(reveal.tally().counts()).noneMatch(reveal::cpythonSupports);
    }

    @Test
    void aRoundRevealedBeforeCPythonsAnswerWasKeptReadsAsItDid() {
        Reveal reveal = new Reveal(tally(0, 1, 0), measuredSpeedup(1.02), null);
        assertThat(reveal.sentence()).isEqualTo("100% predicted “" + SAME + "”; measured 1.02×: “" + SAME + "”.");
        assertThat(reveal.tally().counts()).noneMatch(reveal::cpythonSupports);
    }
}
