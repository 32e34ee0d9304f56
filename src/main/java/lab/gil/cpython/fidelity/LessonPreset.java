package lab.gil.cpython.fidelity;

import java.util.ArrayList;
import java.util.List;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.Preset;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/** A preset of a lesson with the scenario it runs: what the fidelity check measures in both engines. */
public record LessonPreset(Lesson lesson, Preset preset, Scenario scenario) {

    /** Every preset of {@code lessons} whose knobs make a scenario, in the lessons' order and the files' order. */
    public static List<LessonPreset> of(List<Lesson> lessons) {
        List<LessonPreset> all = new ArrayList<>();
        for (Lesson lesson : lessons) {
            for (Preset preset : lesson.presets()) {
                // A preset that does not parse was reported when its lesson loaded; it has nothing to measure.
                if (ScenarioParser.parse(preset.scenario()) instanceof ScenarioParser.Result.Valid(Scenario scenario)) {
                    all.add(new LessonPreset(lesson, preset, scenario));
                }
            }
        }
        return all;
    }

    public String lessonId() {
        return lesson.id();
    }

    public String name() {
        return preset.name();
    }

    /** Whether {@code m} measured this preset as the lesson has it now, not an older version of its knobs. */
    public boolean current(PresetMeasurement m) {
        return m != null && m.scenarioKey().equals(scenario.key());
    }
}
