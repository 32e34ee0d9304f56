package lab.gil.classroom;

import java.util.regex.Pattern;

/** What a student may call themselves in a class: optional, short, one line of printable text. */
final class DisplayNames {

    /** Counted in UTF-16 units, which both H2 and PostgreSQL can store in a VARCHAR(40). */
    static final int MAX_LENGTH = 40;
    /** Control and format characters (line breaks, bidi overrides, zero-width joiners) have no place in a name. */
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\p{Cf}]");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private DisplayNames() {}

    /** The name to store: trimmed, spaces collapsed, invisible characters removed; null for an anonymous student. */
    static String clean(String typed) {
        if (typed == null) {
            return null;
        }
        String name = SPACES.matcher(INVISIBLE.matcher(typed).replaceAll("")).replaceAll(" ").strip();
        return name.isEmpty() ? null : name;
    }

    /** A message for a name that is too long, or null when it may be used. */
    static String problem(String cleaned) {
        return cleaned != null && cleaned.length() > MAX_LENGTH
                ? "A display name has at most " + MAX_LENGTH + " characters." : null;
    }
}
