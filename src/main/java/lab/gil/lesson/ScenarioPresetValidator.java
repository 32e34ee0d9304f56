package lab.gil.lesson;

import java.util.List;
import java.util.Map;
import lab.gil.scenario.ScenarioParser;
import org.springframework.stereotype.Component;

/** Checks lesson presets with the same rules as the scenario form, so a preset that could not run is reported at load. */
@Component
class ScenarioPresetValidator implements PresetValidator {

    @Override
    public List<String> problems(Map<String, String> scenario) {
        return ScenarioParser.presetProblems(scenario);
    }
}
