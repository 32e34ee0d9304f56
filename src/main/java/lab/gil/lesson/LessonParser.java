package lab.gil.lesson;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.RunsTable;
import lab.gil.machine.CpuAllowance;
import lab.gil.machine.MachineFacts;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the text of one lesson file into a {@link Lesson}, strictly: every field's type is checked, unknown fields
 * are refused, and the first problem found is thrown as a {@link LessonFormatException} naming the field.
 *
 * <p>Placeholders ({@code {{cores}}}, see {@link Placeholders}) are filled with the given server figures everywhere
 * but in the {@code python} listing, whose f-strings write {@code {{} for a brace, before anything is read.
 *
 * <p>Pure apart from the given {@link PresetValidator}: no files, no Spring. Thread-safe when the validator is.
 */
public final class LessonParser {

    static final int MIN_CHOICES = 2;
    static final int MAX_CHOICES = 6;
    static final int MIN_PRESETS = 1;
    /** Enough for the capstone: four workloads on three kinds of worker, and a thread per client. */
    static final int MAX_PRESETS = 16;
    static final int MAX_CONCEPTS = 20;

    private static final Pattern KEBAB_CASE = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> TOP_LEVEL_FIELDS =
            Set.of("id", "title", "order", "core", "concepts", "prediction", "presets", "answer", "explanation", "python",
                    "table");
    private static final Set<String> PREDICTION_FIELDS = Set.of("question", "choices");
    private static final Set<String> PRESET_FIELDS = Set.of("name", "description", "scenario");

    /** Top-level fields whose text is kept as written: Python code, where {@code {{} is a brace. */
    private static final Set<String> UNFILLED_FIELDS = Set.of("python");

    /** The run engine's checks of each preset's scenario. */
    private final PresetValidator presetValidator;
    /** The server's figures the lesson's placeholders name. */
    private final Placeholders placeholders;
    /** Renders the prose and the explanation. */
    private final MarkdownRenderer markdown = new MarkdownRenderer();

    /**
     * A parser whose lessons' placeholders read {@code figures} (by name, as
     * {@link lab.gil.machine.MachineFacts#figures()} gives them).
     */
    public LessonParser(PresetValidator presetValidator, Map<String, Double> figures) {
        this.presetValidator = presetValidator;
        this.placeholders = new Placeholders(figures);
    }

    /** A parser whose placeholders read this machine's figures before anything is measured. */
    public LessonParser(PresetValidator presetValidator) {
        this(presetValidator, MachineFacts.unmeasured(CpuAllowance.ofThisProcess(),
                Runtime.getRuntime().availableProcessors()).figures());
    }

    /** A parser that accepts every scenario as written, with this machine's figures before anything is measured. */
    public LessonParser() {
        this(PresetValidator.ACCEPT_ALL);
    }

    /** The server's figures this parser fills placeholders with. */
    Map<String, Double> figures() {
        return placeholders.figures();
    }

    /**
     * Parses a lesson file's whole text.
     *
     * @param fileName the file's name, recorded in the lesson
     * @throws LessonFormatException with one line per reason when the text is not a valid lesson
     */
    public Lesson parse(String fileName, String text) {
        FrontMatter parts = FrontMatter.split(text);
        YamlFields fields = YamlFields.topLevel(placeholders.fillTree(loadYaml(parts.yaml()), "", UNFILLED_FIELDS));
        fields.rejectUnknownKeys(TOP_LEVEL_FIELDS);

        String id = fields.requiredString("id");
        if (!KEBAB_CASE.matcher(id).matches()) {
            throw new LessonFormatException("id: expected kebab-case such as \"cores-and-threads\", got \"" + id + "\"");
        }
        String title = fields.requiredString("title").strip();
        int order = fields.requiredInt("order");
        boolean core = fields.optionalBoolean("core").orElse(false);
        List<String> concepts = fields.stringList("concepts", 0, MAX_CONCEPTS);
        Prediction prediction = prediction(fields.requiredMap("prediction"));
        List<Preset> presets = presets(fields.mapList("presets", MIN_PRESETS, MAX_PRESETS));
        AnswerRule answer = fields.optionalMap("answer")
                .map(answerFields -> AnswerParser.parse(answerFields, prediction, presets)).orElse(null);
        String explanation = fields.requiredString("explanation");
        String python = fields.requiredString("python");
        List<String> table = table(fields);
        String body = placeholders.fill(parts.body(), "body");
        if (body.isBlank()) {
            throw new LessonFormatException("body: the lesson has no prose after the front matter");
        }
        int minutes = ClassMinutes.estimate(answer == null ? 0 : answer.presets().size(), prediction.question(),
                parts.body(), explanation);
        return new Lesson(id, title, order, concepts, prediction, presets, answer,
                markdown.toHtml(body), markdown.toHtml(explanation), python.stripTrailing(), table, core,
                minutes, fileName);
    }

    private static Object loadYaml(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // a field written twice is a mistake, not an override
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            String where = mark == null ? "" : " at line " + (mark.getLine() + 2); // +1 for 1-based, +1 for the fence
            throw new LessonFormatException("front matter: not valid YAML" + where + ": " + e.getProblem());
        } catch (YAMLException e) {
            throw new LessonFormatException("front matter: not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    /** The runs table's columns the file names, each one the table knows, none twice; empty when it names none. */
    private static List<String> table(YamlFields fields) {
        List<String> columns = fields.stringList("table", 0, RunsTable.COLUMNS.size()).stream().map(String::strip).toList();
        for (String column : columns) {
            if (!RunsTable.COLUMNS.contains(column)) {
                throw new LessonFormatException("table: unknown column \"" + column + "\"; expected some of "
                        + String.join(", ", RunsTable.COLUMNS));
            }
        }
        if (new HashSet<>(columns).size() != columns.size()) {
            throw new LessonFormatException("table: a column is named twice");
        }
        return columns;
    }

    private static Prediction prediction(YamlFields fields) {
        fields.rejectUnknownKeys(PREDICTION_FIELDS);
        return new Prediction(fields.requiredString("question").strip(),
                fields.stringList("choices", MIN_CHOICES, MAX_CHOICES));
    }

    private List<Preset> presets(List<YamlFields> items) {
        List<Preset> presets = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<String> validationProblems = new ArrayList<>();
        for (YamlFields fields : items) {
            fields.rejectUnknownKeys(PRESET_FIELDS);
            String name = fields.requiredString("name").strip();
            if (!names.add(name)) {
                throw new LessonFormatException(fields.path() + ".name: \"" + name + "\" is used by an earlier preset");
            }
            String description = fields.optionalString("description").map(String::strip).orElse("");
            if (description.contains("\n")) {
                throw new LessonFormatException(fields.path() + ".description: must be a single line");
            }
            Map<String, String> scenario = fields.flatTextMap("scenario");
            for (String problem : validate(scenario)) {
                validationProblems.add(fields.path() + ".scenario: " + problem);
            }
            presets.add(new Preset(name, description, scenario));
        }
        // Structural errors stop at the first; the engine's objections are all worth seeing at once.
        if (!validationProblems.isEmpty()) {
            throw new LessonFormatException(validationProblems);
        }
        return presets;
    }

    /** The validator's problems; a validator that fails is reported, so it cannot take the catalog down. */
    private List<String> validate(Map<String, String> scenario) {
        try {
            return presetValidator.problems(scenario);
        } catch (RuntimeException e) {
            return List.of("could not be checked (" + e.getClass().getSimpleName() + ": "
                    + firstLine(e.getMessage()) + ")");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unknown error" : message.lines().findFirst().orElse(message).strip();
    }
}
