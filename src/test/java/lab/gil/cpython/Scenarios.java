package lab.gil.cpython;

import java.util.LinkedHashMap;
import java.util.Map;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/** Scenarios for tests, parsed from knobs as the form sends them: a test cannot build one the parser refuses. */
final class Scenarios {

    private Scenarios() {}

    /** The scenario of {@code knobs}, given as name, value, name, value, ...; fails the test when invalid. */
    static Scenario of(String... knobs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < knobs.length; i += 2) {
            map.put(knobs[i], knobs[i + 1]);
        }
        return switch (ScenarioParser.parse(map)) {
            case ScenarioParser.Result.Valid valid -> valid.scenario();
            case ScenarioParser.Result.Invalid invalid -> throw new AssertionError("invalid: " + invalid.errors());
        };
    }
}
