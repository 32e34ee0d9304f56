package lab.gil.lesson;

import java.util.List;

/**
 * A lesson file cut in two: the YAML between the opening and closing {@code ---} lines, and the Markdown after.
 *
 * @param yaml the front matter's text, without the fences
 * @param body the Markdown prose that follows the closing fence
 */
record FrontMatter(String yaml, String body) {

    private static final String FENCE = "---";

    /** Splits a file's text; throws when the front matter fences are missing. */
    static FrontMatter split(String text) {
        String unixText = text.replace("\r\n", "\n").replace('\r', '\n');
        if (unixText.startsWith("\uFEFF")) {
            unixText = unixText.substring(1); // editors on Windows like to add a byte order mark
        }
        List<String> lines = unixText.lines().toList();
        if (lines.isEmpty() || !lines.getFirst().strip().equals(FENCE)) {
            throw new LessonFormatException(
                    "front matter: the file must start with a line \"---\", then the YAML fields, then another \"---\"");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(FENCE)) {
                String yaml = String.join("\n", lines.subList(1, i));
                String body = String.join("\n", lines.subList(i + 1, lines.size()));
                return new FrontMatter(yaml, body);
            }
        }
        throw new LessonFormatException("front matter: no closing \"---\" line after the YAML fields");
    }
}
