package lab.gil.lesson;

import java.util.List;
import java.util.Map;

/**
 * Checks a preset's scenario against the run engine's rules, so a lesson whose preset could not run is reported
 * when it is loaded rather than when a student presses Run.
 *
 * <p>The lesson catalog uses a bean of this type when one exists; without one, presets are accepted as written.
 */
@FunctionalInterface
public interface PresetValidator {

    /** Accepts every scenario. */
    PresetValidator ACCEPT_ALL = scenario -> List.of();

    /** One line per problem with the scenario, naming the field; empty when it can run. */
    List<String> problems(Map<String, String> scenario);
}
