package lab.gil.cpython.fidelity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.RunFigures;
import lab.gil.answer.Verdict;
import lab.gil.answer.page.LessonAnswer;

/**
 * A lesson's question as each engine's kept figures answer it: the lesson's own rule read over the emulation's
 * measurements of its presets, and over CPython's. Where CPython supports another choice than the emulation, the
 * lesson teaches something CPython does not do on this server.
 *
 * @param emulation the emulation's answer; null when the lesson has no rule
 * @param cpython   CPython's answer; null when the lesson has no rule
 */
public record AnswerCheck(String lessonId, LessonAnswer emulation, LessonAnswer cpython) {

    static AnswerCheck of(String lessonId, AnswerRule rule, List<PresetRow> rows) {
        if (rule == null) {
            return new AnswerCheck(lessonId, null, null);
        }
        return new AnswerCheck(lessonId, answer(lessonId, rule, rows, PresetRow::emulation),
                answer(lessonId, rule, rows, PresetRow::cpython));
    }

    /** The rule's verdict over one engine's current measurements, each preset's the only "run" of it. */
    static LessonAnswer answer(String lessonId, AnswerRule rule, List<PresetRow> rows,
                               Function<PresetRow, PresetMeasurement> side) {
        Map<String, List<RunFigures>> byPreset = new LinkedHashMap<>();
        for (PresetRow row : rows) {
            PresetMeasurement m = side.apply(row);
            if (m != null) {
                byPreset.put(row.preset().name(), List.of(m.forAnswer()));
            }
        }
        Verdict verdict = rule.evaluate(byPreset);
        return new LessonAnswer(lessonId, rule, verdict, null);
    }

    public boolean hasRule() {
        return emulation != null;
    }

    /** Whether both engines measured what the answer needs. */
    public boolean complete() {
        return hasRule() && emulation.measurement() != null && cpython.measurement() != null;
    }

    /** Whether the engines' measurements support different choices (or one supports none). */
    public boolean disagrees() {
        return complete() && !java.util.Objects.equals(emulation.choice(), cpython.choice());
    }

    /** "1.02×: “About the same time”", or "1.45×, which no choice covers", or "not measured". */
    public static String text(LessonAnswer answer) {
        if (answer == null || answer.measurement() == null) {
            return "not measured";
        }
        return answer.choice() == null ? answer.shortText() + ", which no choice covers"
                : answer.shortText() + ": “" + answer.choice() + "”";
    }

    public String emulationText() {
        return text(emulation);
    }

    public String cpythonText() {
        return text(cpython);
    }
}
