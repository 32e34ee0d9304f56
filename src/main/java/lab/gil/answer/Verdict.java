package lab.gil.answer;

import java.util.List;

/** What the student's runs say about a lesson's question so far. */
public sealed interface Verdict {

    /** Not yet: these presets have no run that measured what the answer needs, in the rule's order. */
    record Incomplete(List<String> missingPresets) implements Verdict {

        public Incomplete {
            missingPresets = List.copyOf(missingPresets);
        }

        /** The preset to run next. */
        public String runNext() {
            return missingPresets.getFirst();
        }
    }

    /** The measurement supports {@code choice}. */
    record Supported(Measurement measurement, String choice) implements Verdict {}

    /** The measurement lands where no choice's condition covers it, as on a noisy machine: no verdict is forced. */
    record Uncovered(Measurement measurement) implements Verdict {}

    /** Whether the measurement supports what the student predicted; false when it supports nothing. */
    default boolean agreesWith(String prediction) {
        return this instanceof Supported s && s.choice().equals(prediction);
    }
}
