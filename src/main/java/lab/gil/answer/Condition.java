package lab.gil.answer;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** When a measured figure supports one prediction choice: a range of numbers, or some of the lesson's presets. */
public sealed interface Condition {

    /** The condition as the lesson file writes it, for the page. */
    String text();

    /**
     * Numbers from {@code lower} (included) up to {@code upper}, which is included only when {@code upperIncluded}.
     * Written {@code "below 1.25"}, {@code "at least 2.5"}, {@code "1.25 to 2"} (2 excluded) or {@code "exactly 0"}.
     */
    record Range(double lower, double upper, boolean upperIncluded, String text) implements Condition {

        private static final String NUMBER = "(-?[0-9][0-9_,]*(?:\\.[0-9]+)?)";
        private static final Pattern BELOW = Pattern.compile("below " + NUMBER);
        private static final Pattern AT_LEAST = Pattern.compile("at least " + NUMBER);
        private static final Pattern BETWEEN = Pattern.compile(NUMBER + " to " + NUMBER);
        private static final Pattern EXACTLY = Pattern.compile("exactly " + NUMBER);

        /** Reads a range as lesson files write it; throws {@link IllegalArgumentException} saying what is accepted. */
        public static Range parse(String text) {
            String t = text.strip().replaceAll("\\s+", " ");
            Matcher m;
            if ((m = BELOW.matcher(t)).matches()) {
                return new Range(Double.NEGATIVE_INFINITY, number(m.group(1)), false, t);
            }
            if ((m = AT_LEAST.matcher(t)).matches()) {
                return new Range(number(m.group(1)), Double.POSITIVE_INFINITY, false, t);
            }
            if ((m = EXACTLY.matcher(t)).matches()) {
                double x = number(m.group(1));
                return new Range(x, x, true, t);
            }
            if ((m = BETWEEN.matcher(t)).matches()) {
                double lower = number(m.group(1));
                double upper = number(m.group(2));
                if (!(lower < upper)) {
                    throw new IllegalArgumentException("\"" + t + "\": the first number must be the smaller");
                }
                return new Range(lower, upper, false, t);
            }
            throw new IllegalArgumentException("\"" + t + "\": expected \"below X\", \"at least X\", \"X to Y\" "
                    + "(X included, Y not) or \"exactly X\"");
        }

        public boolean contains(double value) {
            return value >= lower && (value < upper || (upperIncluded && value == upper));
        }

        /** Whether some number is in both ranges: then one measurement would support two choices. */
        boolean overlaps(Range other) {
            double lo = Math.max(lower, other.lower);
            double hi = Math.min(upper, other.upper);
            return lo < hi || (lo == hi && contains(lo) && other.contains(lo));
        }

        private static double number(String digits) {
            return Double.parseDouble(digits.replace("_", "").replace(",", ""));
        }
    }

    /**
     * Some of the lesson's presets, by name. For {@link Figure#FASTEST} the choice is supported when the fastest
     * preset is one of them; for {@link Figure#HALVES_THE_TIME} when exactly these presets halved the time (none,
     * for an empty list).
     */
    record Presets(Set<String> names, String text) implements Condition {

        public Presets {
            names = Set.copyOf(names);
        }

        public static Presets of(List<String> names) {
            return new Presets(Set.copyOf(names), names.isEmpty() ? "none" : String.join(", ", names));
        }
    }
}
