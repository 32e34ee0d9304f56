package lab.gil.answer.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.LessonAnswersTest;
import lab.gil.answer.RunFigures;
import lab.gil.answer.Verdict;
import lab.gil.lesson.Lesson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.thymeleaf.context.Context;
import lab.gil.web.Templates;
import org.thymeleaf.spring6.SpringTemplateEngine;

/** What the answer says to a student, for every lesson's figure: the prediction, the measurement, the choice. */
class AnswerTemplateTest {

    private static final SpringTemplateEngine ENGINE = Templates.engine();

    private static String render(LessonAnswer answer) {
        Context context = new Context();
        context.setVariable("answer", answer);
        return ENGINE.process("answer/partials", Set.of("lesson-answer"), context).replaceAll("\\s+", " ");
    }

    static Stream<Arguments> everyChoiceOfEveryLesson() {
        return LessonAnswersTest.everyChoiceOfEveryLesson();
    }

    @ParameterizedTest(name = "lesson {0}: {1}")
    @MethodSource("everyChoiceOfEveryLesson")
    void theAnswerSaysThePredictionTheMeasuredFigureAndTheChoiceItSupports(
            String id, String choice, Map<String, List<RunFigures>> runs) {
        Lesson lesson = LessonAnswersTest.lesson(id);
        AnswerRule rule = lesson.answerRule().orElseThrow();
        String predicted = lesson.prediction().choices().getFirst();

        String html = render(new LessonAnswer(lesson.id(), rule, rule.evaluate(runs), predicted));

        assertThat(html).contains("You predicted <em>" + escape(predicted) + "</em>.")
                .contains("Your runs: ").contains("<strong class=\"figure-value\">")
                .contains(", so <strong class=\"supported-choice\">" + escape(choice) + "</strong>.")
                .contains("data-outcome=\"" + (predicted.equals(choice) ? "agreed" : "disagreed") + "\"");
        for (String preset : rule.presets()) {
            if (!rule.figure().id().equals("fastest")) {
                assertThat(html).as("the presets are named").contains("“" + escape(preset) + "”");
            }
        }
    }

    @Test
    void aRatioIsSaidInWordsWithBothWallTimes() {
        Lesson lesson = LessonAnswersTest.lesson("starting-processes");
        AnswerRule rule = lesson.answerRule().orElseThrow();
        Verdict verdict = rule.evaluate((Map<String, List<RunFigures>>) LessonAnswersTest.everyChoiceOfEveryLesson()
                .filter(a -> a.get()[1].equals("The new process per task is several times slower"))
                .findFirst().orElseThrow().get()[2]);

        String html = render(new LessonAnswer(lesson.id(), rule, verdict, "The new process per task is a little slower"));

        assertThat(html).contains("“A process per task, 40 small tasks”</span> took <strong class=\"figure-value\">38×</strong> "
                + "the time of <span class=\"preset-name\">“A pool of 2, 40 small tasks”</span> (<span>3.80 s</span> against <span>0.10 s</span>)")
                .contains("That is not what you predicted");
    }

    @Test
    void aMeasurementNoChoiceCoversIsSaidHonestlyWithEachChoicesCondition() {
        Lesson lesson = LessonAnswersTest.lesson("switch-interval-and-convoy");
        AnswerRule rule = lesson.answerRule().orElseThrow();
        RunFigures run = new RunFigures("r1", true, 2, 2, 1000, 1, 0, null, null, 2.6);

        String html = render(new LessonAnswer(lesson.id(), rule,
                rule.evaluate(Map.of("Next to a CPU thread, 5 ms", List.of(run))), null));

        assertThat(html).contains("You made no prediction").contains("waited a median of <strong class=\"figure-value\">2.6 ms</strong>")
                .contains("No choice covers that measurement").contains("<span>3 to 8</span>")
                .contains("data-outcome=\"uncovered\"").doesNotContain("supported-choice");
    }

    @Test
    void anIncompleteAnswerSaysWhichPresetToRunNext() {
        Lesson lesson = LessonAnswersTest.lesson("starting-processes");
        AnswerRule rule = lesson.answerRule().orElseThrow();

        String html = render(new LessonAnswer(lesson.id(), rule, rule.evaluate(Map.of()), null));

        assertThat(html).contains("run <strong class=\"run-next\">“A process per task, 40 small tasks”</strong> next, "
                + "then <span class=\"run-later\">“A pool of 2, 40 small tasks”</span>.").contains("data-outcome=\"open\"");
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
