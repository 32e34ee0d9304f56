package lab.gil.lesson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.Condition;
import lab.gil.answer.Figure;

/**
 * Reads a lesson's {@code answer} block into an {@link AnswerRule}, checked against the lesson's own presets and
 * prediction choices:
 *
 * <pre>
 * answer:
 *   figure: time-ratio
 *   of: [A process per task, A pool of 2]
 *   choices:
 *     "About the same": "below 1.25"
 *     "Several times slower": "at least 2.5"
 * </pre>
 */
final class AnswerParser {

    private static final Set<String> ANSWER_FIELDS = Set.of("figure", "of", "choices");

    private AnswerParser() {}

    static AnswerRule parse(YamlFields fields, Prediction prediction, List<Preset> presets) {
        fields.rejectUnknownKeys(ANSWER_FIELDS);
        String figureId = fields.requiredString("figure").strip();
        Figure figure = Figure.byId(figureId).orElseThrow(() -> new LessonFormatException(fields.fieldName("figure")
                + ": unknown figure \"" + figureId + "\"; expected one of " + Figure.ids()));
        List<String> presetNames = presets.stream().map(Preset::name).toList();
        List<String> of = fields.textOrTextList("of", 1, LessonParser.MAX_PRESETS);
        for (String name : of) {
            if (!presetNames.contains(name)) {
                throw new LessonFormatException(fields.fieldName("of") + ": \"" + name
                        + "\" is not a preset of this lesson (presets: " + String.join("; ", presetNames) + ")");
            }
        }
        Map<String, Condition> conditions = conditions(fields, figure, prediction.choices());
        try {
            return new AnswerRule(figure, of, conditions);
        } catch (IllegalArgumentException e) {
            throw new LessonFormatException(fields.path() + ": " + e.getMessage());
        }
    }

    private static Map<String, Condition> conditions(YamlFields fields, Figure figure, List<String> predictionChoices) {
        Map<String, Object> written = fields.entries("choices");
        String where = fields.fieldName("choices");
        for (String choice : written.keySet()) {
            if (!predictionChoices.contains(choice)) {
                throw new LessonFormatException(where + ": \"" + choice + "\" is not one of the prediction's choices");
            }
        }
        Map<String, Condition> conditions = new LinkedHashMap<>();
        for (String choice : predictionChoices) { // the prediction's order, which the page follows
            if (!written.containsKey(choice)) {
                throw new LessonFormatException(where + ": no condition for the choice \"" + choice
                        + "\"; every choice needs one");
            }
            conditions.put(choice, condition(where + ".\"" + choice + "\"", figure, written.get(choice)));
        }
        return conditions;
    }

    private static Condition condition(String where, Figure figure, Object value) {
        if (value instanceof List<?> items) {
            List<String> names = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String s) || s.isBlank()) {
                    throw new LessonFormatException(where + ": expected preset names, got " + YamlFields.describe(item));
                }
                names.add(s.strip());
            }
            return Condition.Presets.of(names);
        }
        if (!(value instanceof String text) || text.isBlank()) {
            throw new LessonFormatException(where + ": expected a range such as \"below 1.2\" or a list of presets, got "
                    + YamlFields.describe(value));
        }
        try {
            return Condition.Range.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LessonFormatException(where + ": " + e.getMessage());
        }
    }
}
