package lab.gil.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.RunFigures;
import lab.gil.answer.page.LessonAnswer;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonParser;
import org.junit.jupiter.api.Test;

/** The sentence a revealed poll says, from the class's predictions and lesson 2's own answer rule. */
class RevealTest {

    private static final Lesson LESSON_2 = lesson2();
    private static final AnswerRule RULE = LESSON_2.answerRule().orElseThrow();
    private static final String HALF = "About half the time";
    private static final String SAME = "About the same time, or a little longer";
    private static final String TWICE = "Twice as long";

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

    private static Tally tally(int half, int same, int twice) {
        return new Tally(1, List.of(new Tally.Count(HALF, names(half)), new Tally.Count(SAME, names(same)),
                new Tally.Count(TWICE, names(twice))));
    }

    private static List<String> names(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "student " + i).toList();
    }

    @Test
    void aRevealSaysWhatMostPredictedBesideWhatTheLessonsRuleReadsFromTheRuns() {
        Reveal reveal = new Reveal(tally(5, 3, 0), measured(Map.of("Two threads, GIL on", List.of(speedup(1.02)))));
        assertThat(reveal.sentence())
                .isEqualTo("63% predicted “About half the time”; measured 1.02×: “About the same time, or a little longer”.");
        assertThat(reveal.supports(reveal.tally().counts().get(1))).isTrue();
        assertThat(reveal.supports(reveal.tally().counts().get(0))).isFalse();
    }

    @Test
    void aRevealBeforeTheRunsSaysWhichPresetIsStillToRun() {
        Reveal reveal = new Reveal(tally(1, 1, 0), measured(Map.of()));
        assertThat(reveal.sentence()).isEqualTo(
                "50% predicted “About half the time”; not measured yet: run “Two threads, GIL on” first.");
    }

    @Test
    void aMeasurementNoChoiceCoversIsSaidAsSuch() {
        Reveal reveal = new Reveal(tally(0, 0, 2), measured(Map.of("Two threads, GIL on", List.of(speedup(1.4)))));
        assertThat(reveal.sentence()).isEqualTo("100% predicted “Twice as long”; measured 1.40×, which no choice covers.");
    }

    @Test
    void anEmptyRoundSaysNobodyPredicted() {
        Tally empty = tally(0, 0, 0);
        assertThat(empty.top()).isEmpty();
        assertThat(empty.percent(empty.counts().getFirst())).isZero();
        assertThat(new Reveal(empty, measured(Map.of("Two threads, GIL on", List.of(speedup(1.9))))).sentence())
                .isEqualTo("Nobody predicted; measured 1.90×: “About half the time”.");
    }

    @Test
    void aTieGoesToTheChoiceListedFirst() {
        assertThat(tally(0, 2, 2).top()).map(Tally.Count::choice).contains(SAME);
    }
}
