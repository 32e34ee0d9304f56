package lab.gil.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How an answer rule turns runs into a verdict, whatever the lesson. */
class AnswerRuleTest {

    private static Map<String, Condition> ranges(String... choiceAndRange) {
        Map<String, Condition> choices = new LinkedHashMap<>();
        for (int i = 0; i < choiceAndRange.length; i += 2) {
            choices.put(choiceAndRange[i], Condition.Range.parse(choiceAndRange[i + 1]));
        }
        return choices;
    }

    private final AnswerRule ratio = new AnswerRule(Figure.TIME_RATIO, List.of("Per task", "Pool"),
            ranges("Same", "below 1.25", "A little slower", "1.25 to 2", "Several times slower", "at least 2.5"));

    @Test
    void aRatioOfTwoPresetsWallTimesSupportsTheChoiceWhoseRangeHoldsIt() {
        Verdict verdict = ratio.evaluate(Runs.of("Per task", Runs.wall(3800), "Pool", Runs.wall(100)));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Supported.class, s -> {
            assertThat(s.choice()).isEqualTo("Several times slower");
            assertThat(s.measurement().value()).isEqualTo(38.0);
        });
        assertThat(verdict.agreesWith("Several times slower")).isTrue();
        assertThat(verdict.agreesWith("A little slower")).isFalse();
    }

    @Test
    void untilEveryPresetHasARunTheVerdictNamesThePresetsStillToRunInTheRulesOrder() {
        Verdict verdict = ratio.evaluate(Map.of());

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Incomplete.class, i -> {
            assertThat(i.missingPresets()).containsExactly("Per task", "Pool");
            assertThat(i.runNext()).isEqualTo("Per task");
        });
        assertThat(ratio.evaluate(Runs.of("Per task", Runs.wall(3800))))
                .isEqualTo(new Verdict.Incomplete(List.of("Pool")));
    }

    @Test
    void aMeasurementBetweenTheChoicesRangesSupportsNoneRatherThanTheNearest() {
        Verdict verdict = ratio.evaluate(Runs.of("Per task", Runs.wall(220), "Pool", Runs.wall(100)));

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Uncovered.class,
                u -> assertThat(u.measurement().value()).isEqualTo(2.2));
        assertThat(verdict.agreesWith("A little slower")).isFalse();
    }

    @Test
    void theNewestRunThatMeasuredTheFigureAnswersAndAStoppedRunIsPassedOver() {
        RunFigures newest = Runs.stopped();
        RunFigures answering = Runs.wall(110);
        Map<String, List<RunFigures>> runs = Map.of(
                "Per task", List.of(newest, answering, Runs.wall(9000)), "Pool", List.of(Runs.wall(100)));

        Verdict verdict = ratio.evaluate(runs);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Supported.class, s -> {
            assertThat(s.choice()).isEqualTo("Same");
            assertThat(s.measurement().usedRun(answering.runId())).isTrue();
            assertThat(s.measurement().usedRun(newest.runId())).isFalse();
        });
    }

    @Test
    void aFailedRunWithoutASummaryStillCountsItsFinishedTasks() {
        AnswerRule tasks = new AnswerRule(Figure.TASKS_FINISHED, List.of("Crash"),
                ranges("All stop", "below 6", "Others go on", "exactly 7", "Retried", "exactly 8"));

        assertThat(tasks.evaluate(Runs.of("Crash", Runs.failed(7, 8))))
                .isInstanceOfSatisfying(Verdict.Supported.class, s -> assertThat(s.choice()).isEqualTo("Others go on"));
        assertThat(tasks.evaluate(Runs.of("Crash", Runs.stopped()))).isInstanceOf(Verdict.Incomplete.class);
    }

    @Test
    void aSpeedupIsNeededFromARunThatMeasuredOneAFailedRunHasNone() {
        AnswerRule speedup = new AnswerRule(Figure.SPEEDUP, List.of("Two"), ranges("Half", "at least 1.6", "Not", "below 1.6"));

        assertThat(speedup.evaluate(Runs.of("Two", Runs.failed(1, 2)))).isInstanceOf(Verdict.Incomplete.class);
    }

    @Test
    void theFastestPresetSupportsTheChoiceThatListsIt() {
        AnswerRule fastest = new AnswerRule(Figure.FASTEST, List.of("1", "2", "64"), Map.of(
                "One", Condition.Presets.of(List.of("1")), "Cores", Condition.Presets.of(List.of("2"))));

        assertThat(fastest.evaluate(Runs.of("1", Runs.wall(2000), "2", Runs.wall(1000), "64", Runs.wall(1300))))
                .isInstanceOfSatisfying(Verdict.Supported.class, s -> {
                    assertThat(s.choice()).isEqualTo("Cores");
                    assertThat(s.measurement().named()).containsExactly("2");
                });
        assertThat(fastest.evaluate(Runs.of("1", Runs.wall(2000), "2", Runs.wall(1000), "64", Runs.wall(900))))
                .as("64 is fastest and no choice names it").isInstanceOf(Verdict.Uncovered.class);
    }

    @Test
    void halvingTheTimeNeedsASpeedupClearlyAboveOrBelowTheLineElseNoVerdict() {
        AnswerRule halves = new AnswerRule(Figure.HALVES_THE_TIME, List.of("A", "B"), Map.of(
                "Only A", Condition.Presets.of(List.of("A")), "Neither", Condition.Presets.of(List.of())));

        assertThat(halves.evaluate(Runs.of("A", Runs.speedup(1.9), "B", Runs.speedup(1.0))))
                .isInstanceOfSatisfying(Verdict.Supported.class, s -> assertThat(s.choice()).isEqualTo("Only A"));
        assertThat(halves.evaluate(Runs.of("A", Runs.speedup(1.1), "B", Runs.speedup(1.0))))
                .isInstanceOfSatisfying(Verdict.Supported.class, s -> assertThat(s.choice()).isEqualTo("Neither"));
        assertThat(halves.evaluate(Runs.of("A", Runs.speedup(1.45), "B", Runs.speedup(1.0))))
                .as("1.45x is too close to tell").isInstanceOf(Verdict.Uncovered.class);
    }

    @Test
    void rangesReadAsWrittenWithTheUpperEndExcludedExceptForExactly() {
        Condition.Range between = Condition.Range.parse("1.25 to 2");
        assertThat(between.contains(1.25)).isTrue();
        assertThat(between.contains(2)).isFalse();
        assertThat(Condition.Range.parse("below 0.8").contains(0.79)).isTrue();
        assertThat(Condition.Range.parse("at least 200,000").contains(200_000)).isTrue();
        assertThat(Condition.Range.parse("exactly 0").contains(0)).isTrue();
        assertThat(Condition.Range.parse("exactly 0").contains(1)).isFalse();
    }

    @Test
    void aRangeThatIsNotOneOfTheFourFormsIsRefusedWithTheFormsItAccepts() {
        assertThatThrownBy(() -> Condition.Range.parse("about 2")).hasMessageContaining("\"below X\"");
        assertThatThrownBy(() -> Condition.Range.parse("2 to 1")).hasMessageContaining("the first number must be the smaller");
    }

    @Test
    void twoChoicesThatOneMeasurementCouldBothSupportAreRefused() {
        assertThatThrownBy(() -> new AnswerRule(Figure.SPEEDUP, List.of("A"), ranges("X", "1 to 2", "Y", "1.5 to 3")))
                .hasMessageContaining("\"X\" (1 to 2) and \"Y\" (1.5 to 3) overlap");
        assertThat(new AnswerRule(Figure.SPEEDUP, List.of("A"), ranges("X", "below 1", "Y", "exactly 1")).choices())
                .as("below 1 stops short of exactly 1").hasSize(2);
    }

    @Test
    void aFigureGetsTheNumberOfPresetsItIsReadFrom() {
        assertThatThrownBy(() -> new AnswerRule(Figure.TIME_RATIO, List.of("A"), ranges("X", "below 1")))
                .hasMessage("time-ratio is read from 2 presets, got 1");
        assertThatThrownBy(() -> new AnswerRule(Figure.SPEEDUP, List.of("A", "B"), ranges("X", "below 1")))
                .hasMessage("speedup is read from one preset, got 2");
    }

    @Test
    void aNumberGetsARangeAndAChoiceAmongPresetsGetsPresetsOfTheRule() {
        assertThatThrownBy(() -> new AnswerRule(Figure.SPEEDUP, List.of("A"), Map.of("X", Condition.Presets.of(List.of("A")))))
                .hasMessageContaining("is a number, so its condition is a range");
        assertThatThrownBy(() -> new AnswerRule(Figure.FASTEST, List.of("A", "B"), ranges("X", "below 1")))
                .hasMessageContaining("names presets, so its condition is a list of presets");
        assertThatThrownBy(() -> new AnswerRule(Figure.FASTEST, List.of("A", "B"), Map.of("X", Condition.Presets.of(List.of("C")))))
                .hasMessageContaining("\"C\" is not one of the presets the answer is read from");
    }
}
