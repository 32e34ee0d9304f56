package lab.gil.cpython;

import java.math.BigDecimal;
import java.time.Duration;

/** Numbers and text as Python source writes them, for generated programs. */
final class PythonLiterals {

    private PythonLiterals() {}

    /** A whole number with underscores between thousands, as a person writes it in Python: {@code 20_000_000}. */
    static String count(long n) {
        String digits = Long.toString(n);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                out.append('_');
            }
            out.append(digits.charAt(i));
        }
        return out.toString();
    }

    /** A duration in seconds, exactly and without trailing zeros: {@code 0.05}, {@code 1.0}, {@code 0.000001}. */
    static String seconds(Duration d) {
        String plain = BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /**
     * Text safe to put inside a triple-quoted docstring: no backslash, no quote that could end it, printable only.
     * Scenario and lesson texts are checked before they get here; this keeps a docstring a docstring whatever they say.
     */
    static String docText(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == '\\') {
                out.append('/');
            } else if (c == '"') {
                out.append('\'');
            } else if (c == '\n' || c >= 0x20 && c != 0x7f && !Character.isISOControl(c)) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
