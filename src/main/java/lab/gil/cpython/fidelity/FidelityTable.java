package lab.gil.cpython.fidelity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.cpython.CPythonEngine;
import lab.gil.lesson.Lesson;
import lab.gil.run.measure.RunEngine;

/**
 * Every preset of every lesson with what the emulation and CPython measured of it on this server, side by side: the
 * fidelity page, its CSV and the fidelity benchmark all print this one table.
 *
 * @param lessons each lesson's rows, in the catalog's order
 */
public record FidelityTable(List<LessonRows> lessons) {

    /** One lesson's presets, and its answer as each engine's figures give it. */
    public record LessonRows(Lesson lesson, List<PresetRow> presets, AnswerCheck answer) {

        public LessonRows {
            presets = List.copyOf(presets);
        }
    }

    public FidelityTable {
        lessons = List.copyOf(lessons);
    }

    /** The table of {@code lessons}' presets from the measurements {@code kept}. */
    public static FidelityTable of(List<Lesson> lessons, List<PresetMeasurement> kept) {
        Map<String, PresetMeasurement> byKey = new HashMap<>();
        kept.forEach(m -> byKey.put(key(m.lessonId(), m.preset(), m.engine()), m));
        List<LessonRows> rows = new ArrayList<>();
        for (Lesson lesson : lessons) {
            List<PresetRow> presets = LessonPreset.of(List.of(lesson)).stream()
                    .map(p -> PresetRow.of(p, byKey.get(key(p.lessonId(), p.name(), RunEngine.EMULATION)),
                            byKey.get(key(p.lessonId(), p.name(), CPythonEngine.ID))))
                    .toList();
            rows.add(new LessonRows(lesson, presets, AnswerCheck.of(lesson.id(), lesson.answer(), presets)));
        }
        return new FidelityTable(rows);
    }

    private static String key(String lessonId, String preset, String engine) {
        return lessonId + "\u0000" + preset + "\u0000" + engine;
    }

    /** Every preset's row, lesson after lesson. */
    public List<PresetRow> rows() {
        return lessons.stream().flatMap(l -> l.presets().stream()).toList();
    }

    /** Presets measured in both engines, of {@link #rows()}. */
    public long measured() {
        return rows().stream().filter(PresetRow::measured).count();
    }

    /** Presets of {@link #rows()} that CPython could not run here for want of a build (free-threaded, 3.14). */
    public long unavailable() {
        return rows().stream().filter(PresetRow::unavailable).count();
    }

    /** Presets some figure of which differs by more than the tolerance. */
    public long disagreeing() {
        return rows().stream().filter(PresetRow::disagrees).count();
    }

    /** Lessons whose answer CPython's figures give otherwise than the emulation's. */
    public long answersDiffering() {
        return lessons.stream().filter(l -> l.answer().disagrees()).count();
    }

    /** Whether every preset has a current measurement in both engines. */
    public boolean complete() {
        return measured() == rows().size();
    }

    /** When the check was made, as old as its oldest row; empty until every preset was measured in both engines. */
    public Optional<Instant> checkedAt() {
        if (!complete() || rows().isEmpty()) {
            return Optional.empty();
        }
        return rows().stream().map(r -> r.measuredAt().orElseThrow()).min(Instant::compareTo);
    }

    /** Whether the check, complete, found nothing beyond the tolerance. */
    public boolean passes() {
        return complete() && disagreeing() == 0 && answersDiffering() == 0;
    }
}
