package lab.gil.answer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A figure as measured from the student's runs.
 *
 * @param figure what was measured
 * @param value  the number, for a numeric figure; NaN for a figure that names presets
 * @param named  the presets the figure names: the fastest, or those that halved the time; empty for a number
 * @param runs   the run each preset's figure was read from, in the rule's order of presets
 */
public record Measurement(Figure figure, double value, List<String> named, Map<String, RunFigures> runs) {

    public Measurement {
        named = List.copyOf(named);
        runs = Collections.unmodifiableMap(new LinkedHashMap<>(runs));
    }

    /** The run read for the rule's first preset. */
    public RunFigures first() {
        return runs.values().iterator().next();
    }

    /** Whether {@code runId} is one of the runs that answered. */
    public boolean usedRun(String runId) {
        return runs.values().stream().anyMatch(r -> r.runId().equals(runId));
    }
}
