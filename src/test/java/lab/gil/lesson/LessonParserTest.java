package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LessonParserTest {

    private final LessonParser parser = new LessonParser();

    @Test
    void aGoodFileBecomesALessonWithEveryFieldRead() {
        Lesson lesson = parser.parse("01-cores.md", LessonFiles.good());

        assertThat(lesson.id()).isEqualTo("cores-and-threads");
        assertThat(lesson.title()).isEqualTo("Cores and threads");
        assertThat(lesson.order()).isEqualTo(1);
        assertThat(lesson.concepts()).containsExactly("core", "process", "thread");
        assertThat(lesson.prediction().question()).isEqualTo("How long do two threads take?");
        assertThat(lesson.prediction().choices())
                .containsExactly("About half the time", "About the same time", "Longer");
        assertThat(lesson.presets()).extracting(Preset::name).containsExactly("One thread", "Two threads");
        assertThat(lesson.defaultPreset().description()).isEqualTo("The whole countdown on one thread.");
        assertThat(lesson.presets().get(1).description()).isEmpty();
        assertThat(lesson.bodyHtml()).contains("<h2>A core</h2>");
        assertThat(lesson.explanationHtml()).contains("<strong>busy</strong>");
        assertThat(lesson.python()).isEqualTo("print(\"hello\")");
        assertThat(lesson.sourceFile()).isEqualTo("01-cores.md");
    }

    @Test
    void aLessonIsOnTheCorePathOnlyWhenItsFileSaysSoAndItsClassTimeIsEstimatedFromItsText() {
        Lesson plain = parser.parse("a.md", LessonFiles.good());
        assertThat(plain.core()).isFalse();
        Lesson core = parser.parse("a.md", LessonFiles.good().replace("order: 1", "order: 1\ncore: true"));
        assertThat(core.core()).isTrue();
        assertThat(core.minutes()).as("a short file: reading, predicting, one answering run, discussing")
                .isEqualTo(plain.minutes()).isBetween(ClassMinutes.TO_PREDICT + ClassMinutes.TO_REVEAL_AND_DISCUSS,
                        ClassMinutes.TO_PREDICT + ClassMinutes.TO_REVEAL_AND_DISCUSS + 3);
        assertThatThrownBy(() -> parser.parse("a.md", LessonFiles.good().replace("order: 1", "order: 1\ncore: often")))
                .isInstanceOf(LessonFormatException.class).hasMessage("core: expected true or false, got \"often\"");
    }

    @Test
    void scenarioValuesBecomeTextInTheFilesOrder() {
        Map<String, String> scenario = parser.parse("a.md", LessonFiles.good()).defaultPreset().scenario();

        assertThat(scenario).containsExactly(
                Map.entry("executor", "threads"),
                Map.entry("workers", "1"),
                Map.entry("programs", "cpu 20000000"),
                Map.entry("split", "true"),
                Map.entry("gil", "free-threaded"),
                Map.entry("switchInterval", "5"));
        assertThat(parser.parse("a.md", LessonFiles.good()).presets().get(1).scenario())
                .containsEntry("switchInterval", "0.5");
    }

    @Test
    void windowsLineEndingsAndAByteOrderMarkAreAccepted() {
        String text = "\uFEFF" + LessonFiles.good().replace("\n", "\r\n");

        assertThat(parser.parse("a.md", text).id()).isEqualTo("cores-and-threads");
    }

    @Test
    void fencedCodeKeepsItsLanguageClass() {
        assertThat(parser.parse("a.md", LessonFiles.good()).bodyHtml())
                .contains("<code class=\"language-python\">n -= 1");
    }

    @Test
    void rawHtmlInTheProseAndExplanationIsEscaped() {
        String text = LessonFiles.lesson(
                LessonFiles.GOOD_FRONT_MATTER.replace("Both cores were **busy**.", "<b onclick=x>hi</b>"),
                "Hello <script>alert(1)</script>\n\n<div>block</div>\n\n[link](javascript:alert(1))\n");

        Lesson lesson = parser.parse("a.md", text);

        assertThat(lesson.bodyHtml()).doesNotContain("<script>", "<div>", "javascript:")
                .contains("&lt;script&gt;", "&lt;div&gt;");
        assertThat(lesson.explanationHtml()).doesNotContain("<b ").contains("&lt;b onclick=x&gt;");
    }

    @Test
    void gfmTablesAreRendered() {
        String text = LessonFiles.lesson(LessonFiles.GOOD_FRONT_MATTER, "| a | b |\n|---|---|\n| 1 | 2 |\n");

        assertThat(parser.parse("a.md", text).bodyHtml()).contains("<table>", "<td>1</td>");
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = ';', textBlock = """
            id: cores-and-threads ; id: Cores And Threads ; id: expected kebab-case
            id: cores-and-threads ; id: [a, b] ; id: expected text, got a list
            id: cores-and-threads ; '#' ; id: missing
            title: Cores and threads ; title: '' ; title: must not be empty
            order: 1 ; order: first ; order: expected a whole number, got "first"
            order: 1 ; order: 1.5 ; order: expected a whole number, got 1.5
            concepts: [core, process, thread] ; concepts: core ; concepts: expected a list of texts, got "core"
            concepts: [core, process, thread] ; concepts: [core, [x]] ; concepts[1]: expected text, got a list
            choices: ["About half the time", "About the same time", "Longer"] ; choices: [only] ; prediction.choices: expected 2 to 6 items, got 1
            question: "How long do two threads take?" ; quest: x ; prediction.quest: unknown field
            - name: Two threads ; - name: One thread ; presets[1].name: "One thread" is used by an earlier preset
            - name: Two threads ; - nmae: Two threads ; presets[1].nmae: unknown field
            workers: 2 ; workers: [2] ; presets[1].scenario.workers: expected a text, number or boolean, got a list
            workers: 2 ; workers: ; presets[1].scenario.workers: expected a text, number or boolean, got nothing
            explanation: | ; explanations: | ; explanations: unknown field
            title: Cores and threads ; title: 3 ; title: expected text, got 3
            """)
    void eachMalformedFieldIsReportedByItsPath(String line, String replacement, String expectedStart) {
        String text = LessonFiles.replacing(line, replacement);

        assertThatThrownBy(() -> parser.parse("a.md", text))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageStartingWith(expectedStart);
    }

    @Test
    void aLessonNamesTheColumnsOfItsRunsTableOrLeavesThemToItsAnswer() {
        assertThat(parser.parse("a.md", LessonFiles.good()).table()).as("none named").isEmpty();
        String named = LessonFiles.replacing("python: |", "table: [wall-time, memory-per-worker, start-cost]\npython: |");
        assertThat(parser.parse("a.md", named).table()).containsExactly("wall-time", "memory-per-worker", "start-cost");
    }

    @Test
    void aRunsTableColumnTheTableDoesNotKnowOrNamedTwiceIsRefused() {
        assertThatThrownBy(() -> parser.parse("a.md", LessonFiles.replacing("python: |", "table: [wall-time, joules]\npython: |")))
                .isInstanceOf(LessonFormatException.class).hasMessageStartingWith("table: unknown column \"joules\"");
        assertThatThrownBy(() -> parser.parse("a.md", LessonFiles.replacing("python: |", "table: [wall-time, wall-time]\npython: |")))
                .isInstanceOf(LessonFormatException.class).hasMessage("table: a column is named twice");
    }

    @Test
    void aLessonWithoutPresetsIsRefused() {
        String frontMatter = LessonFiles.GOOD_FRONT_MATTER.replaceAll("(?s)presets:.*?explanation:", "presets: []\nexplanation:");

        assertThatThrownBy(() -> parser.parse("a.md", LessonFiles.lesson(frontMatter, "Prose.")))
                .hasMessage("presets: expected 1 to 16 items, got 0");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        String frontMatter = LessonFiles.GOOD_FRONT_MATTER.replaceAll("(?s)prediction:.*?presets:", "presets:");

        assertThatThrownBy(() -> parser.parse("a.md", LessonFiles.lesson(frontMatter, "Prose.")))
                .hasMessage("prediction: missing; expected a group of fields");
    }

    @Test
    void aFileWithoutFrontMatterFencesIsRefused() {
        assertThatThrownBy(() -> parser.parse("a.md", "# Just prose"))
                .hasMessageStartingWith("front matter: the file must start with a line \"---\"");
        assertThatThrownBy(() -> parser.parse("a.md", "---\nid: x\n"))
                .hasMessageStartingWith("front matter: no closing \"---\"");
    }

    @Test
    void invalidYamlIsReportedWithItsLineInTheFile() {
        String text = LessonFiles.replacing("title: Cores and threads", "title: \"unclosed");

        assertThatThrownBy(() -> parser.parse("a.md", text))
                .hasMessageStartingWith("front matter: not valid YAML at line ");
    }

    @Test
    void aFieldWrittenTwiceIsRefused() {
        String text = LessonFiles.replacing("order: 1", "order: 1\norder: 2");

        assertThatThrownBy(() -> parser.parse("a.md", text))
                .hasMessageContaining("front matter: not valid YAML")
                .hasMessageContaining("duplicate key order");
    }

    @Test
    void frontMatterThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> parser.parse("a.md", "---\n- a list\n---\nProse"))
                .hasMessage("front matter: expected YAML fields such as \"id: my-lesson\", got a list");
    }

    @Test
    void aLessonWithoutProseIsRefused() {
        assertThatThrownBy(() -> parser.parse("a.md", LessonFiles.lesson(LessonFiles.GOOD_FRONT_MATTER, "\n  \n")))
                .hasMessage("body: the lesson has no prose after the front matter");
    }

    @Test
    void everyProblemThePresetValidatorFindsIsReportedWithThePresetsPath() {
        PresetValidator noMoreThanOneWorker = scenario -> "1".equals(scenario.get("workers"))
                ? List.of()
                : List.of("workers: at most 1 here", "switchInterval: not allowed");

        assertThatThrownBy(() -> new LessonParser(noMoreThanOneWorker).parse("a.md", LessonFiles.good()))
                .isInstanceOfSatisfying(LessonFormatException.class, e -> assertThat(e.reasons()).containsExactly(
                        "presets[1].scenario: workers: at most 1 here",
                        "presets[1].scenario: switchInterval: not allowed"));
    }

    @Test
    void aPresetValidatorThatFailsIsReportedInsteadOfThrown() {
        PresetValidator broken = scenario -> {
            throw new IllegalStateException("engine not ready");
        };

        assertThatThrownBy(() -> new LessonParser(broken).parse("a.md", LessonFiles.good()))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageStartingWith("presets[0].scenario: could not be checked (IllegalStateException: engine not ready)");
    }
}
