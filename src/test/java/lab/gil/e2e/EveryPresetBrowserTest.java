package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.Preset;
import lab.gil.program.Step;
import lab.gil.run.web.RunView;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every preset of every lesson, pressed and run through the real page in Chromium, runs exactly what its lesson
 * file says: the scenario in the run's export equals the preset, and the work the run did (loop iterations, tasks,
 * bytes copied, increments) is the work that scenario declares.
 *
 * <p>The presets are read from the app's own lesson catalog when the test runs, so a lesson added or resized is
 * covered as it is. A preset whose work is large runs as its fast variant ({@link #fastVariant}), typed into the
 * form by the test before Run, and the export must then equal the preset with that same change.
 */
class EveryPresetBrowserTest extends BrowserTestBase {

    /*
     * The fast variant keeps the whole test to a few minutes on a busy 2-core machine. Dividing the amounts by ten
     * keeps every preset's shape (executor, workers, tasks, split, GIL, which steps): what this test checks is that
     * the form delivers the preset unchanged and that the run does the work its scenario declares, and neither
     * depends on the size. The thresholds leave the thread lessons at their real size.
     */
    /** Above this many loop iterations in all, a preset's `cpu` amounts are divided by ten. */
    private static final long LARGE_CPU_ITERATIONS = 25_000_000;
    /** Above this many bytes passed to and from processes in all, its `send` and `recv` sizes are divided by ten. */
    private static final long LARGE_BYTES_PASSED = 64L * 1024 * 1024;
    /** Above this many tasks of process-per-task (each starts a JVM), the tasks are divided by ten. */
    private static final int MANY_PROCESS_STARTS = 20;
    private static final int SHRINK = 10;
    /**
     * A preset's knobs arriving: a trivial htmx request, but this test runs for minutes on a shared machine where
     * other work (64 JVMs starting, say) may starve the browser and the server for several seconds.
     */
    private static final Duration PRESET_SWAP_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern CPU_AMOUNT = Pattern.compile("\\bcpu (\\d+)");
    private static final Pattern COPIED_SIZE = Pattern.compile("\\b(send|recv) (\\d+)(KB|MB|GB)\\b");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    LessonCatalog catalog;

    private final HttpClient http = HttpClient.newHttpClient();
    /** One line per preset: what ran and how long it took, printed at the end. */
    private final List<String> timings = new ArrayList<>();
    private long started;

    @TestFactory
    Stream<DynamicTest> everyPresetOfEveryLessonRunsWhatItsFileSays() {
        assertThat(catalog.problems()).as("lesson files that did not load, so their presets would go untested").isEmpty();
        started = System.nanoTime();
        // -Dit.lesson=<lesson id> runs one lesson's presets only, for a quick check of a lesson being written.
        String only = System.getProperty("it.lesson", "");
        Stream<DynamicTest> presets = catalog.lessons().stream()
                .filter(lesson -> only.isBlank() || lesson.id().equals(only)).flatMap(lesson ->
                IntStream.range(0, lesson.presets().size()).mapToObj(i -> DynamicTest.dynamicTest(
                        lesson.id() + ": " + lesson.presets().get(i).name(), () -> runThroughThePage(lesson, i))));
        return Stream.concat(presets, Stream.of(DynamicTest.dynamicTest("timings", this::printTimings)));
    }

    private void runThroughThePage(Lesson lesson, int index) throws Exception {
        long t0 = System.nanoTime();
        Preset preset = lesson.presets().get(index);
        Map<String, String> knobs = fastVariant(preset.scenario());
        Scenario expected = parse(knobs);

        if (driver == null) {
            open("/lessons/" + lesson.id(), 1400, 1400);
        } else {
            driver.get(url("/lessons/" + lesson.id()));
        }
        pressPreset(index, preset.name());
        typeWhereTheFastVariantDiffers(preset.scenario(), knobs);
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        String id = awaitRunEnd(before);

        JsonNode export = export(id);
        JsonNode run = export.get("run");
        String what = lesson.id() + " / " + preset.name() + (knobs.equals(preset.scenario()) ? "" : " (fast variant)");
        assertThat(JSON.treeToValue(run.get("scenario"), RunView.ScenarioView.class)).as(what + ": the scenario that ran")
                .isEqualTo(RunView.ScenarioView.of(expected));
        if (crashingTasks(expected) > 0) {
            checkCrash(what, expected, run, export.get("trace"));
        } else {
            checkWorkDone(what, expected, iterations(expected, run.at("/summary/calibration/nsPerIteration").asDouble()), run);
        }
        timings.add(String.format(Locale.ROOT, "%6.1f s  %-9s %s", (System.nanoTime() - t0) / 1e9,
                run.get("state").asString(), what));
    }

    /** Presses the preset's button and waits for its knobs to replace the form's. */
    private void pressPreset(int index, String name) {
        WebElement button = driver.findElements(By.cssSelector("#bench button.preset")).get(index);
        assertThat(button.getText()).isEqualTo(name);
        WebElement knobs = driver.findElement(By.id("knobs"));
        button.click();
        BrowserWait.upTo(driver, PRESET_SWAP_TIMEOUT).until(ExpectedConditions.stalenessOf(knobs));
        BrowserWait.upTo(driver, PRESET_SWAP_TIMEOUT).until(ExpectedConditions.presenceOfElementLocated(By.id("knobs")));
    }

    /** Opens the knobs, as a student adjusting them would, and types the fast variant's values where they differ. */
    private void typeWhereTheFastVariantDiffers(Map<String, String> preset, Map<String, String> knobs) {
        if (knobs.equals(preset)) {
            return;
        }
        WebElement panel = driver.findElement(By.cssSelector("details.knob-panel"));
        if (panel.getDomAttribute("open") == null) {
            panel.findElement(By.tagName("summary")).click();
        }
        for (String knob : List.of("tasks", "programs")) {
            if (!knobs.get(knob).equals(preset.getOrDefault(knob, ""))) {
                WebElement field = driver.findElement(By.cssSelector("#knobs [name=" + knob + "]"));
                field.clear();
                field.sendKeys(knobs.get(knob));
            }
        }
    }

    /** A run that ended normally did all of its tasks, and exactly the work its scenario declares. */
    private static void checkWorkDone(String what, Scenario expected, long iterations, JsonNode run) {
        assertThat(run.get("state").asString()).as(what + ": state (" + run.get("message") + ")").isEqualTo("done");
        assertThat(run.at("/progress/tasksDone").asInt()).as(what + ": tasks done").isEqualTo(expected.tasks());
        JsonNode summary = run.get("summary");
        assertThat(summary.get("workers").asInt()).as(what + ": workers").isEqualTo(expected.workers());
        assertThat(summary.get("cpuIterations").asLong()).as(what + ": loop iterations").isEqualTo(iterations);
        boolean processes = runsInProcesses(expected.executor());
        boolean copies = expected.executor().has(ExecutorKind.Trait.COPIES_ARGUMENTS);
        assertThat(summary.at("/system/bytesCopied").asLong())
                .as(what + ": bytes copied (threads of one interpreter copy nothing)")
                .isEqualTo(copies ? expected.totalBytesPassed() : 0);
        if (processes) {
            int started = summary.at("/figures/processes").asInt();
            assertThat(started).as(what + ": worker processes")
                    .isEqualTo(expected.executor() == ExecutorKind.PROCESS_PER_TASK ? expected.tasks() : expected.workers());
        }
        long increments = expected.totalIncrements();
        if (increments == 0) {
            assertThat(summary.get("counter").isNull()).as(what + ": no counter").isTrue();
            return;
        }
        JsonNode counter = summary.get("counter");
        assertThat(counter.get("expected").asLong()).as(what + ": increments").isEqualTo(increments);
        assertThat(counter.get("actual").asLong()).as(what + ": a counter never gains").isBetween(0L, increments);
        if (lockedIncrements(expected) == increments && !processes) {
            assertThat(counter.get("actual").asLong()).as(what + ": every increment under the lock, none lost")
                    .isEqualTo(increments);
        }
        if (processes && expected.totalSharedMemoryIncrements() == 0) {
            long counted = 0;
            for (JsonNode c : summary.at("/figures/countersPerProcess")) {
                counted += c.asLong();
            }
            assertThat(counted).as(what + ": increments counted by the processes, each in its own counter")
                    .isEqualTo(increments);
        }
    }

    /**
     * A preset with a crash fails by design, but in the run itself, not while measuring its one-worker baseline:
     * the lanes show its workers, and on processes the other workers finish every task that did not crash.
     */
    private static void checkCrash(String what, Scenario expected, JsonNode run, JsonNode trace) {
        assertThat(run.get("state").asString()).as(what + ": state").isEqualTo("failed");
        assertThat(run.at("/progress/tasks").asInt()).as(what + ": the run that failed had the preset's tasks ("
                + run.at("/progress/phase").asString() + ")").isEqualTo(expected.tasks());
        assertThat(trace.isNull()).as(what + ": lanes of the run that crashed").isFalse();
        assertThat(trace.get("workers").asInt()).as(what + ": lanes").isEqualTo(expected.workers());
        if (runsInProcesses(expected.executor())) {
            assertThat(run.get("message").asString()).as(what + ": message").contains("died");
            assertThat(run.at("/progress/tasksDone").asInt()).as(what + ": tasks the other workers finished ("
                    + run.get("message").asString() + ")").isEqualTo(expected.tasks() - crashingTasks(expected));
        }
    }

    /**
     * Loop iterations the scenario declares: its {@code cpu} steps, and the Python work a producer or consumer does
     * per item ({@code put 16 25ms}), which the server runs as iterations at the calibration the run used (in its
     * export): {@code nsPerIteration}.
     */
    private static long iterations(Scenario scenario, double nsPerIteration) {
        long total = 0;
        for (int t = 0; t < scenario.tasks(); t++) {
            for (Step step : scenario.programFor(t).steps()) {
                total += switch (step) {
                    case Step.Cpu cpu -> cpu.iterations();
                    case Step.Put put -> put.items() * iterationsFor(put.workPerItem(), nsPerIteration);
                    case Step.Get get -> get.items() * iterationsFor(get.workPerItem(), nsPerIteration);
                    default -> 0;
                };
            }
        }
        return total;
    }

    private static long iterationsFor(Duration work, double nsPerIteration) {
        return Math.round(work.toNanos() / nsPerIteration);
    }

    /** {@code counter += 1} executions under the run's lock ({@code incr-lock}). */
    private static long lockedIncrements(Scenario scenario) {
        return IntStream.range(0, scenario.tasks()).mapToLong(t -> scenario.programFor(t).steps().stream()
                .mapToLong(s -> s instanceof Step.LockedIncrement incr ? incr.times() : 0).sum()).sum();
    }

    private static long crashingTasks(Scenario scenario) {
        return IntStream.range(0, scenario.tasks())
                .filter(t -> scenario.programFor(t).steps().stream().anyMatch(Step.Crash.class::isInstance)).count();
    }

    private JsonNode export(String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/runs/" + id + "/export.json")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("export of run " + id).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static Scenario parse(Map<String, String> knobs) {
        return switch (ScenarioParser.parse(knobs)) {
            case ScenarioParser.Result.Valid(Scenario scenario) -> scenario;
            case ScenarioParser.Result.Invalid(Map<String, String> errors) ->
                    throw new AssertionError("A preset that cannot run: " + knobs + " " + errors);
        };
    }

    /**
     * The preset itself, or where its work is large, the same preset with its amounts divided by ten: the loop
     * iterations of its {@code cpu} steps, the sizes of its {@code send} and {@code recv} steps, or the tasks of a
     * process-per-task preset. Every knob the form shows is filled in, as the form would send it.
     */
    static Map<String, String> fastVariant(Map<String, String> preset) {
        Scenario scenario = parse(preset);
        Map<String, String> knobs = new LinkedHashMap<>(preset);
        knobs.putIfAbsent("tasks", "");
        String programs = preset.get("programs");
        if (scenario.totalCpuIterations() > LARGE_CPU_ITERATIONS) {
            programs = divide(CPU_AMOUNT, programs, 1, n -> n / SHRINK);
        }
        if (runsInProcesses(scenario.executor()) && scenario.totalBytesPassed() > LARGE_BYTES_PASSED) {
            programs = divide(COPIED_SIZE, programs, 2, n -> n / SHRINK);
        }
        knobs.put("programs", programs);
        if (scenario.executor() == ExecutorKind.PROCESS_PER_TASK && scenario.tasks() > MANY_PROCESS_STARTS) {
            knobs.put("tasks", String.valueOf(scenario.tasks() / SHRINK));
        }
        return knobs.equals(withTasks(preset)) ? preset : knobs;
    }

    private static Map<String, String> withTasks(Map<String, String> preset) {
        Map<String, String> knobs = new LinkedHashMap<>(preset);
        knobs.putIfAbsent("tasks", "");
        return knobs;
    }

    /** Replaces the number in group {@code group} of every match, when it divides exactly. */
    private static String divide(Pattern pattern, String text, int group, LongUnaryOperator op) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long n = Long.parseLong(m.group(group));
            String replaced = n % SHRINK == 0
                    ? m.group().substring(0, m.start(group) - m.start()) + op.applyAsLong(n)
                    + m.group().substring(m.end(group) - m.start())
                    : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replaced));
        }
        m.appendTail(out);
        return out.toString();
    }

    private void printTimings() {
        timings.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%d presets through the page in %.1f s%n", timings.size(),
                (System.nanoTime() - started) / 1e9);
    }

    /** Whether the executor's tasks run in worker processes, which copy their data and may die alone. */
    private static boolean runsInProcesses(ExecutorKind executor) {
        return executor == ExecutorKind.PROCESSES || executor == ExecutorKind.PROCESS_PER_TASK;
    }
}
