package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lab.gil.answer.Condition;
import lab.gil.answer.Figure;
import org.junit.jupiter.api.Test;

/** A lesson's {@code answer} block: read when right, and refused at load with a message naming the field when not. */
class AnswerBlockTest {

    private static final String GOOD_ANSWER = """
            answer:
              figure: speedup
              of: Two threads
              choices:
                "About half the time": "at least 1.6"
                "About the same time": "0.8 to 1.25"
                "Longer": "below 0.8"
            """;

    private final LessonParser parser = new LessonParser();

    private Lesson parse(String answer) {
        String frontMatter = LessonFiles.GOOD_FRONT_MATTER.replace("explanation: |", answer + "explanation: |");
        return parser.parse("a.md", LessonFiles.lesson(frontMatter, LessonFiles.GOOD_BODY));
    }

    @Test
    void anAnswerBlockBecomesTheLessonsRuleWithItsChoicesInThePredictionsOrder() {
        var rule = parse(GOOD_ANSWER).answerRule().orElseThrow();

        assertThat(rule.figure()).isEqualTo(Figure.SPEEDUP);
        assertThat(rule.presets()).containsExactly("Two threads");
        assertThat(rule.choices()).containsOnlyKeys("About half the time", "About the same time", "Longer");
        assertThat(rule.choices().get("Longer")).isEqualTo(Condition.Range.parse("below 0.8"));
    }

    @Test
    void aLessonWithoutAnAnswerBlockStillLoadsWithNoRule() {
        assertThat(parser.parse("a.md", LessonFiles.good()).answerRule()).isEmpty();
    }

    @Test
    void aPresetTheLessonDoesNotHaveIsAnErrorNamingThePresetsItHas() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("of: Two threads", "of: Three threads")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessage("answer.of: \"Three threads\" is not a preset of this lesson (presets: One thread; Two threads)");
    }

    @Test
    void aFigureThatDoesNotExistIsAnErrorListingTheFigures() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("figure: speedup", "figure: happiness")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageStartingWith("answer.figure: unknown figure \"happiness\"; expected one of speedup, wall-time,");
    }

    @Test
    void aChoiceWithoutAConditionIsAnError() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("    \"Longer\": \"below 0.8\"\n", "")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessage("answer.choices: no condition for the choice \"Longer\"; every choice needs one");
    }

    @Test
    void aConditionForAChoiceThePredictionDoesNotOfferIsAnError() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("\"Longer\":", "\"Much longer\":")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessage("answer.choices: \"Much longer\" is not one of the prediction's choices");
    }

    @Test
    void aConditionThatIsNotARangeIsAnErrorSayingWhichRangesAreWritten() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("\"below 0.8\"", "\"less than 0.8\"")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageStartingWith("answer.choices.\"Longer\": \"less than 0.8\": expected \"below X\"");
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("\"below 0.8\"", "0.8")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageStartingWith("answer.choices.\"Longer\": expected a range such as \"below 1.2\"");
    }

    @Test
    void overlappingConditionsAreAnErrorNamingBothChoices() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("\"below 0.8\"", "\"below 1\"")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessage("answer: \"About the same time\" (0.8 to 1.25) and \"Longer\" (below 1) overlap: "
                        + "one measurement would support both");
    }

    @Test
    void aFigureReadFromTwoPresetsGivenOneIsAnError() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("figure: speedup", "figure: time-ratio")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessage("answer: time-ratio is read from 2 presets, got 1");
    }

    @Test
    void anUnknownFieldInTheAnswerIsAnError() {
        assertThatThrownBy(() -> parse(GOOD_ANSWER.replace("  of: Two threads", "  of: Two threads\n  unit: s")))
                .isInstanceOf(LessonFormatException.class)
                .hasMessage("answer.unit: unknown field; expected one of choices, figure, of");
    }
}
