package lab.gil.lesson;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a lesson's placeholders with this server's figures, so that a lesson says what is true on the server that
 * runs it: {@code {{cores}}} becomes 2 here and 64 elsewhere. A placeholder holds a figure's name or a small
 * expression of figures and numbers: {@code + - * /}, parentheses, {@code min(a, b)} and {@code max(a, b)}, as in
 * {@code {{min(cores * 16, 64)}}}.
 *
 * <p>A whole result is written without decimals or separators ({@code 4}, {@code 1000}, so that it also suits a
 * scenario's knobs), others with two decimals below 10 and one above ({@code 1.2}, {@code 0.39}, {@code 24.7}).
 * A name may contain {@code -}, so subtract with spaces: {@code cores - 1}. An unknown name or a malformed expression is a
 * {@link LessonFormatException} naming the field, like every other mistake in a lesson file.
 *
 * <p>Immutable and thread-safe.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    /** The figures by name, as {@code lab.gil.machine.MachineFacts#figures()} gives them. */
    private final Map<String, Double> figures;

    Placeholders(Map<String, Double> figures) {
        this.figures = Map.copyOf(figures);
    }

    /** No figures: a lesson with a placeholder does not load. For parsers that know no server. */
    static final Placeholders NONE = new Placeholders(Map.of());

    Map<String, Double> figures() {
        return figures;
    }

    /** {@code text} with every placeholder replaced by its value; {@code where} names the field in messages. */
    String fill(String text, String where) {
        if (text == null || !text.contains("{{")) {
            return text;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(filled, Matcher.quoteReplacement(format(evaluate(m.group(1), where))));
        }
        m.appendTail(filled);
        return filled.toString();
    }

    /**
     * A loaded YAML tree (maps, lists, strings, numbers) with every string and map key filled, {@code path} naming
     * where it is; the top-level fields in {@code skipped} are kept as written.
     */
    Object fillTree(Object node, String path, java.util.Set<String> skipped) {
        if (node instanceof String text) {
            return fill(text, path);
        }
        if (node instanceof java.util.List<?> list) {
            java.util.List<Object> filled = new java.util.ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                filled.add(fillTree(list.get(i), path + "[" + i + "]", java.util.Set.of()));
            }
            return filled;
        }
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> filled = new java.util.LinkedHashMap<>();
            for (var e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                String where = path.isEmpty() ? key : path + "." + key;
                boolean keep = skipped.contains(key);
                Object filledKey = e.getKey() instanceof String k && !keep ? fill(k, where) : e.getKey();
                filled.put(filledKey, keep ? e.getValue() : fillTree(e.getValue(), where, java.util.Set.of()));
            }
            return filled;
        }
        return node;
    }

    /** The value of one placeholder's expression. */
    double evaluate(String expression, String where) {
        try {
            return new Expression(expression).value();
        } catch (IllegalArgumentException e) {
            throw new LessonFormatException(where + ": {{" + expression.strip() + "}}: " + e.getMessage()
                    + "; the figures are " + String.join(", ", figures.keySet().stream().sorted().toList()));
        }
    }

    /** A whole number without decimals, anything else with at most two decimals (one from 10 up). */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String pattern = Math.abs(value) >= 10 ? "0.#" : "0.0#";
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    /** A recursive-descent reader of one expression: sum := product (+|- product)*, and so on down. */
    private final class Expression {
        private final String text;
        private int at;

        Expression(String text) {
            this.text = text;
        }

        double value() {
            double v = sum();
            skipSpaces();
            if (at < text.length()) {
                throw new IllegalArgumentException("unexpected \"" + text.substring(at).strip() + "\"");
            }
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("not a finite number");
            }
            return v;
        }

        private double sum() {
            double v = product();
            while (true) {
                if (take('+')) {
                    v += product();
                } else if (take('-')) {
                    v -= product();
                } else {
                    return v;
                }
            }
        }

        private double product() {
            double v = factor();
            while (true) {
                if (take('*')) {
                    v *= factor();
                } else if (take('/')) {
                    v /= factor();
                } else {
                    return v;
                }
            }
        }

        private double factor() {
            skipSpaces();
            if (take('(')) {
                double v = sum();
                expect(')');
                return v;
            }
            if (take('-')) {
                return -factor();
            }
            int start = at;
            if (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.'
                        || text.charAt(at) == '_')) {
                    at++;
                }
                try {
                    return Double.parseDouble(text.substring(start, at).replace("_", ""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("\"" + text.substring(start, at) + "\" is not a number");
                }
            }
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '-')) {
                at++;
            }
            String name = text.substring(start, at);
            if (name.isEmpty()) {
                throw new IllegalArgumentException(at < text.length() ? "unexpected \"" + text.charAt(at) + "\""
                        : "an expression is missing");
            }
            if (name.equals("min") || name.equals("max")) {
                expect('(');
                double a = sum();
                expect(',');
                double b = sum();
                expect(')');
                return name.equals("min") ? Math.min(a, b) : Math.max(a, b);
            }
            Double figure = figures.get(name);
            if (figure == null) {
                throw new IllegalArgumentException("no figure is called \"" + name + "\"");
            }
            return figure;
        }

        private boolean take(char c) {
            skipSpaces();
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (!take(c)) {
                throw new IllegalArgumentException("\"" + c + "\" expected");
            }
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
    }
}
