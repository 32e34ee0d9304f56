package lab.gil.program;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads and writes the data sizes of task programs: {@code 512B}, {@code 4KB}, {@code 10MB} (binary units: 1 KB = 1024 B). */
final class Sizes {

    private static final Pattern SIZE = Pattern.compile("(\\d+)(b|kb|mb)");
    private static final long KB = 1024;
    private static final long MB = 1024 * 1024;

    private Sizes() {}

    /** The size in bytes, or -1 when the text is not a size. */
    static long parse(String text) {
        Matcher m = SIZE.matcher(text.toLowerCase());
        if (!m.matches() || m.group(1).length() > 12) {
            return -1;
        }
        long value = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "kb" -> value * KB;
            case "mb" -> value * MB;
            default -> value;
        };
    }

    static String format(long bytes) {
        if (bytes % MB == 0) {
            return bytes / MB + "MB";
        }
        if (bytes % KB == 0) {
            return bytes / KB + "KB";
        }
        return bytes + "B";
    }
}
