package lab.gil.cpython.fidelity;

import lab.gil.cpython.CPythonEngine;
import lab.gil.cpython.CPythonRunEnded;
import lab.gil.lesson.LessonCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps what every CPython run of a preset's exact knobs measured, whoever asked for it (the instructor's fidelity
 * check, a student's "Run it in CPython too"), as that preset's CPython figure on this server. The emulation's
 * figure of a preset is kept by the fidelity check only, so that both sides of its rows are measured alike.
 */
@Component
class CPythonFiguresKept {

    private static final Logger log = LoggerFactory.getLogger(CPythonFiguresKept.class);
    private final LessonCatalog lessons;
    private final PresetMeasurements store;

    CPythonFiguresKept(LessonCatalog lessons, PresetMeasurements store) {
        this.lessons = lessons;
        this.store = store;
    }

    @EventListener
    void keep(CPythonRunEnded ended) {
        String outcome = switch (ended.outcome()) {
            case MEASURED -> PresetMeasurement.MEASURED;
            case FAILED -> PresetMeasurement.FAILED;
            case UNAVAILABLE -> PresetMeasurement.UNAVAILABLE;
        };
        String key = ended.scenario().key();
        double load = MachineLoad.now();
        for (LessonPreset preset : LessonPreset.of(lessons.lessons())) {
            if (!preset.scenario().key().equals(key)) {
                continue;
            }
            try {
                store.save(new PresetMeasurement(preset.lessonId(), preset.name(), CPythonEngine.ID, key, ended.endedAt(),
                        outcome, ended.build(), ended.message(), load,
                        MeasuredFigures.of(ended.summary(), ended.tasksDone(), ended.scenario().tasks())));
            } catch (RuntimeException e) {
                // The run's own result stands; only its keeping for the preset's later runs is lost.
                log.warn("CPython's figures of \"{}\" ({}) could not be kept: {}", preset.name(),
                        preset.lessonId(), e.toString());
            }
        }
    }
}
