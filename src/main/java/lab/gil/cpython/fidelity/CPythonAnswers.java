package lab.gil.cpython.fidelity;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import lab.gil.answer.page.LessonAnswer;
import lab.gil.lesson.Lesson;
import org.springframework.stereotype.Component;

/**
 * A lesson's question as CPython's figures kept on this server answer it, for a class's reveal: the lesson's own rule
 * read over CPython's current measurements of its presets, as the fidelity page reads it ({@link AnswerCheck}).
 * Nothing runs CPython for it; a preset it has not measured (or measured before the lesson changed its knobs) leaves
 * the answer incomplete.
 */
@Component
public class CPythonAnswers {

    private final PresetMeasurements store;

    CPythonAnswers(PresetMeasurements store) {
        this.store = store;
    }

    /**
     * CPython's answer to {@code lesson} on this server.
     *
     * @param answer     the rule's verdict over CPython's kept figures; its verdict is null when the lesson has no rule
     * @param measuredAt when CPython measured the presets the answer read, as old as the oldest; null until it
     *                   measured them all
     * @param build      what ran them, such as "CPython 3.11.7" (two builds joined when presets needed two); null
     *                   until it measured them all
     */
    public record Kept(LessonAnswer answer, Instant measuredAt, String build) {}

    public Kept of(Lesson lesson) {
        FidelityTable.LessonRows rows = FidelityTable.of(List.of(lesson), store.ofLesson(lesson.id()))
                .lessons().getFirst();
        LessonAnswer answer = rows.answer().hasRule() ? rows.answer().cpython()
                : new LessonAnswer(lesson.id(), null, null, null);
        if (answer.measurement() == null) {
            return new Kept(answer, null, null);
        }
        List<PresetMeasurement> read = rows.presets().stream()
                .filter(row -> answer.measurement().runs().containsKey(row.preset().name()))
                .map(PresetRow::cpython).toList();
        Instant oldest = read.stream().map(PresetMeasurement::measuredAt).min(Instant::compareTo).orElseThrow();
        String builds = String.join(" and ", read.stream().map(PresetMeasurement::build).filter(Objects::nonNull)
                .distinct().toList());
        return new Kept(answer, oldest, builds.isEmpty() ? null : builds);
    }
}
