package lab.gil.lesson;

import java.util.List;
import java.util.Optional;
import lab.gil.answer.AnswerRule;

/**
 * One lesson as read from a file in the lessons folder: its idea in prose, a prediction to make, the scenarios to
 * run and what to notice afterwards.
 *
 * <p>Immutable; the Markdown parts are already rendered to HTML with raw HTML escaped, so a page may insert them
 * as they are.
 *
 * @param id              unique, kebab-case, used in URLs
 * @param title           shown as the page heading and in the lesson list
 * @param order           position in the lesson list
 * @param concepts        short names of the ideas the lesson teaches
 * @param prediction      the question asked before the first run
 * @param presets         at least one named scenario; the first is the default
 * @param answer          how the measurement answers the prediction; null when the file does not say
 * @param bodyHtml        the lesson's prose, rendered
 * @param explanationHtml what to notice, revealed after the student's first run, rendered
 * @param python          the equivalent Python program, as plain text
 * @param table           the figures its runs table shows, by column id; empty for those its answer reads
 * @param core            whether it is on the core path of a class of about an hour ({@link CorePath})
 * @param minutes         the class time it takes, estimated from its text ({@link ClassMinutes})
 * @param sourceFile      the file name the lesson was read from, for instructors' messages
 */
public record Lesson(
        String id,
        String title,
        int order,
        List<String> concepts,
        Prediction prediction,
        List<Preset> presets,
        AnswerRule answer,
        String bodyHtml,
        String explanationHtml,
        String python,
        List<String> table,
        boolean core,
        int minutes,
        String sourceFile) {

    public Lesson {
        concepts = List.copyOf(concepts);
        presets = List.copyOf(presets);
        table = List.copyOf(table);
        if (presets.isEmpty()) {
            throw new IllegalArgumentException("A lesson needs at least one preset");
        }
    }

    public Optional<AnswerRule> answerRule() {
        return Optional.ofNullable(answer);
    }

    /** The preset a page starts with. */
    public Preset defaultPreset() {
        return presets.getFirst();
    }
}
