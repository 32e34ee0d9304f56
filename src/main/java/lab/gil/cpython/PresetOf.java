package lab.gil.cpython;

import java.util.Optional;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.Preset;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/** The preset of a lesson whose knobs a scenario has, unchanged: what a stored CPython measurement is filed under. */
final class PresetOf {

    private PresetOf() {}

    /** The first preset of {@code lesson} that parses to {@code scenario}, if any. */
    static Optional<Preset> find(Lesson lesson, Scenario scenario) {
        return lesson.presets().stream()
                .filter(preset -> ScenarioParser.parse(preset.scenario()) instanceof ScenarioParser.Result.Valid valid
                        && valid.scenario().equals(scenario))
                .findFirst();
    }
}
