package lab.gil.program;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the durations of task programs: {@code 50ms}, {@code 500us}, {@code 1.5s}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(us|ms|s)");

    private Durations() {}

    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        double value = Double.parseDouble(m.group(1));
        double nanosPerUnit = switch (m.group(2)) {
            case "us" -> 1e3;
            case "ms" -> 1e6;
            default -> 1e9;
        };
        double nanos = value * nanosPerUnit;
        return nanos > Long.MAX_VALUE / 2 ? null : Duration.ofNanos(Math.round(nanos));
    }

    static String format(Duration d) {
        long micros = d.toNanos() / 1_000;
        if (micros % 1_000_000 == 0) {
            return micros / 1_000_000 + "s";
        }
        if (micros % 1_000 == 0) {
            return micros / 1_000 + "ms";
        }
        return micros + "us";
    }

    static Duration atLeastOneMicro(Duration d) {
        return d.toNanos() < 1_000 ? Duration.ofNanos(1_000) : d;
    }
}
