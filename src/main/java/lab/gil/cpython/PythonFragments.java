package lab.gil.cpython;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pieces of Python that generated programs are made of: files under {@code cpython/} on the class path, real
 * Python rather than strings in Java, so that they read as the program a student downloads.
 *
 * <p>A file may open with comment lines ({@code # ...}) that explain it to whoever maintains it; they are left out.
 * A file of sections has lines {@code # === NAME}, each opening a section that runs to the next.
 */
final class PythonFragments {

    private static final Pattern SECTION = Pattern.compile("(?m)^# === (\\S+)\\n");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z_]+)}");

    private PythonFragments() {}

    /** The file {@code cpython/NAME}, without its opening comment lines. */
    static String file(String name) {
        String text = read(name);
        int start = 0;
        while (text.startsWith("# ", start)) {
            start = text.indexOf('\n', start) + 1;
        }
        return text.substring(start);
    }

    /** The sections of {@code cpython/NAME}, by name, in file order; what comes before the first is left out. */
    static Map<String, String> sections(String name) {
        String text = read(name);
        Map<String, String> sections = new LinkedHashMap<>();
        Matcher m = SECTION.matcher(text);
        String current = null;
        int from = 0;
        while (m.find()) {
            if (current != null) {
                sections.put(current, text.substring(from, m.start()));
            }
            current = m.group(1);
            from = m.end();
        }
        if (current != null) {
            sections.put(current, text.substring(from));
        }
        return sections;
    }

    /** {@code text} with every {@code ${NAME}} replaced by its value; a name without a value is a bug here. */
    static String fill(String text, Map<String, String> values) {
        return PLACEHOLDER.matcher(text).replaceAll(m -> {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("No value for ${" + m.group(1) + "}");
            }
            return Matcher.quoteReplacement(value);
        });
    }

    private static String read(String name) {
        try (InputStream in = PythonFragments.class.getResourceAsStream("/cpython/" + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource cpython/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
