package lab.gil.lesson;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named scenario a lesson offers: the values of the scenario form's fields, in the order the file gives them.
 *
 * @param name        shown on the preset's button
 * @param description one optional line saying what the preset runs; empty when the file gives none
 * @param scenario    form field name to value, as text; the run engine, not this package, checks them
 */
public record Preset(String name, String description, Map<String, String> scenario) {

    public Preset {
        // Map.copyOf would lose the file's order, which the form and the Python listing follow.
        scenario = Collections.unmodifiableMap(new LinkedHashMap<>(scenario));
    }
}
