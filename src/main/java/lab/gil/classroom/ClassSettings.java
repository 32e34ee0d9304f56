package lab.gil.classroom;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import lab.gil.interpreter.GilMode;
import lab.gil.scenario.ScenarioLimits;
import lab.gil.scenario.ScenarioParser;

/**
 * The knobs an instructor sets for a whole class. While {@code locked}, every run a member starts uses this GIL
 * mode and switch interval, whatever the student's form says; unlocked, the knobs are the students' again.
 *
 * @param version counts every change a student page sees (these knobs, the presented run), across restarts
 */
public record ClassSettings(boolean locked, GilMode gil, Duration switchInterval, long version) {

    /** A new class: the students' knobs, CPython's defaults shown in the instructor's form. */
    static ClassSettings initial() {
        return new ClassSettings(false, GilMode.GIL, ScenarioLimits.DEFAULT_SWITCH_INTERVAL, 0);
    }

    public String gilId() {
        return ScenarioParser.gilId(gil);
    }

    /** The switch interval in milliseconds, as the form's knob reads it. */
    public double switchIntervalMillis() {
        return switchInterval.toNanos() / 1e6;
    }

    static Optional<GilMode> parseGil(String id) {
        return Arrays.stream(GilMode.values()).filter(m -> ScenarioParser.gilId(m).equals(id)).findFirst();
    }

    /** A switch interval typed in milliseconds, within the bounds every run's knob has; empty when outside them. */
    static Optional<Duration> parseSwitchIntervalMillis(String text) {
        try {
            double ms = Double.parseDouble(text.strip());
            if (!(ms >= ScenarioLimits.MIN_SWITCH_INTERVAL_MS && ms <= ScenarioLimits.MAX_SWITCH_INTERVAL_MS)) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.round(ms * 10) * 100_000L));
        } catch (NumberFormatException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
