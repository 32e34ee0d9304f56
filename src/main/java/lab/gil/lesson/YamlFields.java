package lab.gil.lesson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, strict access to one YAML mapping of a lesson's front matter; every failure throws a
 * {@link LessonFormatException} whose reason starts with the full path of the field, e.g. {@code presets[1].name}.
 */
final class YamlFields {

    /** Where this mapping sits in the front matter; empty for the top level. */
    private final String path;
    /** The mapping as the YAML loader built it. */
    private final Map<?, ?> map;

    private YamlFields(String path, Map<?, ?> map) {
        this.path = path;
        this.map = map;
    }

    static YamlFields topLevel(Object loaded) {
        if (!(loaded instanceof Map<?, ?> m)) {
            throw new LessonFormatException("front matter: expected YAML fields such as \"id: my-lesson\", got "
                    + describe(loaded));
        }
        return new YamlFields("", m);
    }

    /** Fails on the first key not in {@code known}, which is almost always a typo. */
    void rejectUnknownKeys(Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                throw new LessonFormatException(name(String.valueOf(key))
                        + ": unknown field; expected one of " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    String requiredString(String key) {
        return optionalString(key).orElseThrow(() -> missing(key, "text"));
    }

    Optional<String> optionalString(String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw new LessonFormatException(name(key) + ": expected text, got " + describe(value));
        }
        if (s.isBlank()) {
            throw new LessonFormatException(name(key) + ": must not be empty");
        }
        return Optional.of(s);
    }

    int requiredInt(String key) {
        Object value = map.get(key);
        if (value == null) {
            throw missing(key, "a whole number");
        }
        if (!(value instanceof Integer i)) {
            throw new LessonFormatException(name(key) + ": expected a whole number, got " + describe(value));
        }
        return i;
    }

    Optional<Boolean> optionalBoolean(String key) {
        Object value = map.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Boolean b)) {
            throw new LessonFormatException(name(key) + ": expected true or false, got " + describe(value));
        }
        return Optional.of(b);
    }

    /** A list of non-empty strings; an absent key is an empty list when {@code min} is zero. */
    List<String> stringList(String key, int min, int max) {
        List<?> items = list(key, min, max, "a list of texts");
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String itemName = name(key) + "[" + i + "]";
            if (!(item instanceof String s)) {
                throw new LessonFormatException(itemName + ": expected text, got " + describe(item));
            }
            if (s.isBlank()) {
                throw new LessonFormatException(itemName + ": must not be empty");
            }
            strings.add(s);
        }
        return strings;
    }

    YamlFields requiredMap(String key) {
        Object value = map.get(key);
        if (value == null) {
            throw missing(key, "a group of fields");
        }
        return asFields(name(key), value);
    }

    Optional<YamlFields> optionalMap(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(requiredMap(key));
    }

    List<YamlFields> mapList(String key, int min, int max) {
        List<?> items = list(key, min, max, "a list of groups of fields");
        List<YamlFields> fields = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            fields.add(asFields(name(key) + "[" + i + "]", items.get(i)));
        }
        return fields;
    }

    /** A flat mapping whose values are texts, numbers or booleans, all turned to text, in the file's order. */
    Map<String, String> flatTextMap(String key) {
        YamlFields inner = requiredMap(key);
        if (inner.map.isEmpty()) {
            throw new LessonFormatException(name(key) + ": must name at least one field");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : inner.map.entrySet()) {
            String field = inner.name(String.valueOf(entry.getKey()));
            values.put(String.valueOf(entry.getKey()), scalarText(field, entry.getValue()));
        }
        return values;
    }

    /** One text, or a list of texts: {@code of: One thread} or {@code of: [One thread, Two threads]}. */
    List<String> textOrTextList(String key, int min, int max) {
        if (map.get(key) instanceof String) {
            return List.of(requiredString(key).strip());
        }
        return stringList(key, min, max).stream().map(String::strip).toList();
    }

    /** The entries of a mapping in the file's order, keys as text; values as the YAML loader built them. */
    Map<String, Object> entries(String key) {
        YamlFields inner = requiredMap(key);
        Map<String, Object> entries = new LinkedHashMap<>();
        inner.map.forEach((k, v) -> entries.put(String.valueOf(k), v));
        return entries;
    }

    /** The full name of a field of this mapping, for messages. */
    String fieldName(String key) {
        return name(key);
    }

    String path() {
        return path;
    }

    private List<?> list(String key, int min, int max, String expected) {
        Object value = map.get(key);
        if (value == null) {
            if (min == 0) {
                return List.of();
            }
            throw missing(key, expected);
        }
        if (!(value instanceof List<?> items)) {
            throw new LessonFormatException(name(key) + ": expected " + expected + ", got " + describe(value));
        }
        if (items.size() < min || items.size() > max) {
            throw new LessonFormatException(name(key) + ": expected " + min + " to " + max + " items, got "
                    + items.size());
        }
        return items;
    }

    private static YamlFields asFields(String name, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new LessonFormatException(name + ": expected a group of fields, got " + describe(value));
        }
        return new YamlFields(name, m);
    }

    private static String scalarText(String field, Object value) {
        return switch (value) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case BigInteger b -> b.toString();
            // 0.5 stays "0.5" and 5.0 becomes "5", as a person would type it into the form.
            case Double d when Double.isFinite(d) -> BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            case null -> throw new LessonFormatException(field + ": expected a text, number or boolean, got nothing");
            default -> throw new LessonFormatException(
                    field + ": expected a text, number or boolean, got " + describe(value));
        };
    }

    private LessonFormatException missing(String key, String expected) {
        return new LessonFormatException(name(key) + ": missing; expected " + expected);
    }

    private String name(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** How a value looks to the person who wrote it, for error messages. */
    static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            case Number n -> n.toString();
            case Boolean b -> b.toString();
            case List<?> l -> "a list";
            case Map<?, ?> m -> "a group of fields";
            default -> "a " + value.getClass().getSimpleName().toLowerCase();
        };
    }
}
