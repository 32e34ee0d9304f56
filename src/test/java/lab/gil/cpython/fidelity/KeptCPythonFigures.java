package lab.gil.cpython.fidelity;

import java.time.Instant;
import java.util.List;
import lab.gil.cpython.CPythonEngine;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * CPython's figures of a lesson's preset put in a test app's database as its re-measuring would keep them, for tests
 * of what reads them (a class's reveal), and taken out again: the database of a test's app outlives the test.
 */
public final class KeptCPythonFigures {

    public static final String BUILD = "CPython 3.11.7";

    private final PresetMeasurements store;
    private final LessonCatalog lessons;
    private final JdbcClient jdbc;

    private KeptCPythonFigures(PresetMeasurements store, LessonCatalog lessons, JdbcClient jdbc) {
        this.store = store;
        this.lessons = lessons;
        this.jdbc = jdbc;
    }

    /** The figures kept in {@code app}'s database. */
    public static KeptCPythonFigures in(ApplicationContext app) {
        return new KeptCPythonFigures(app.getBean(PresetMeasurements.class), app.getBean(LessonCatalog.class),
                app.getBean(JdbcClient.class));
    }

    /** Keeps a CPython run of {@code preset}, as the lesson has it now, that measured {@code speedup} {@code at}. */
    public void save(String lessonId, String preset, double speedup, Instant at) {
        Lesson lesson = lessons.find(lessonId).orElseThrow();
        LessonPreset measured = LessonPreset.of(List.of(lesson)).stream().filter(p -> p.name().equals(preset))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(lessonId + " has no preset " + preset));
        store.save(new PresetMeasurement(lessonId, preset, CPythonEngine.ID, measured.scenario().key(), at,
                PresetMeasurement.MEASURED, BUILD, null, Double.NaN,
                new MeasuredFigures(2, 2, 1000, 2000, speedup, Double.NaN, null, null, Double.NaN)));
    }

    /** Forgets every figure kept of the lesson's presets, in either engine. */
    public void forget(String lessonId) {
        jdbc.sql("DELETE FROM preset_measurements WHERE lesson_id = :lesson").param("lesson", lessonId).update();
    }
}
