package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.Preset;
import lab.gil.run.web.RunView;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The capstone through the real page: a preset of each kind of worker (processes, threads, greenlets) on two
 * workloads, each run's export holding
 * the preset's scenario, the work it declares and what one of its workers costs, and the lesson's runs table
 * putting wall time, CPU time, workers, memory per worker and start cost side by side.
 */
@TestPropertySource(properties = "gillab.runs.time-limit=5m") // sixteen worker processes starting on a busy machine
class CapstoneBrowserTest extends BrowserTestBase {

    private static final String LESSON = "choosing-processes-threads-or-greenlets";
    /** Sixteen JVMs starting and warming up before the run's clock, on a machine shared by several builds. */
    private static final Duration PROCESS_RUN_TIMEOUT = Duration.ofMinutes(4);
    /** What a memory or start cell of the table says: a measured number and its unit. */
    private static final String MEMORY = "[0-9.]+ (KiB|MiB)";
    private static final String START = "[0-9.]+ (µs|ms)";
    /** Fewer greenlets than this, and the hub does not weigh one (the server's own allocations would outweigh it). */
    private static final int GREENLETS_TO_MEASURE = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    LessonCatalog catalog;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void presetsOfEachKindRunWhatTheySayAndTheRunsTableShowsTheirCostsSideBySide() throws Exception {
        Lesson lesson = catalog.find(LESSON).orElseThrow();
        open("/lessons/" + LESSON, 1400, 1600);
        driver.findElement(By.cssSelector("input[name=prediction][value='Threads: a waiting thread lets go of the GIL']")).click();

        List<String> presets = List.of("CPU-bound: threads", "CPU-bound: processes", "CPU-bound: greenlets",
                "10,000 calls: threads", "10,000 calls: processes", "10,000 calls: greenlets");
        for (String name : presets) {
            Preset preset = lesson.presets().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
            choosePreset(name, "select[name=executor]", preset.scenario().get("executor"));
            String before = shownRunId();
            driver.findElement(By.cssSelector("button.run")).click();
            awaitRunIn(before, "done", PROCESS_RUN_TIMEOUT);
            checkExport(name, preset, export(shownRunId()));
            if (!preset.scenario().get("executor").equals("greenlets")
                    || Integer.parseInt(preset.scenario().get("workers")) >= GREENLETS_TO_MEASURE) {
                WebElement cost = driver.findElement(By.cssSelector("#run-status .worker-cost"));
                assertThat(cost.getDomAttribute("data-kind")).as(name + ": the result's worker cost")
                        .isEqualTo(kindOfWorker(preset.scenario().get("executor")));
            }
        }

        List<WebElement> rows = awaitLessonRuns(presets.size());
        assertThat(driver.findElements(By.cssSelector("#lesson-runs thead th"))).extracting(WebElement::getText)
                .containsExactly("Preset", "Wall time", "CPU time", "Workers", "Memory per worker", "Start of one", "Answers");
        assertThat(rows).extracting(r -> r.findElement(By.cssSelector("th")).getText())
                .containsExactlyElementsOf(presets.reversed());
        for (WebElement row : rows) {
            List<String> cells = row.findElements(By.cssSelector("td")).stream().map(WebElement::getText).toList();
            String preset = row.findElement(By.cssSelector("th")).getText();
            System.out.println("Capstone measured: " + preset + " | " + String.join(" | ", cells));
            assertThat(cells.get(0)).as(preset + ": wall time").matches("[0-9.]+ s");
            assertThat(cells.get(1)).as(preset + ": CPU time").matches("[0-9.]+ s");
            assertThat(cells.get(2)).as(preset + ": workers").matches("[0-9]+ (threads|processes|greenlets)");
            boolean unweighed = preset.equals("CPU-bound: greenlets"); // 2 greenlets: fewer than the hub weighs
            assertThat(cells.get(3)).as(preset + ": memory per worker").matches(unweighed ? "–" : MEMORY);
            assertThat(cells.get(4)).as(preset + ": start of one").matches(unweighed ? "–" : START);
        }
        assertThat(rows.stream().filter(r -> r.getDomAttribute("class") != null
                && r.getDomAttribute("class").contains("answering")).count())
                .as("the three runs of ten thousand calls answer the question").isEqualTo(3);

        driver.executeScript("window.scrollTo(0, 0)");
        Browser.screenshot(driver, "capstone-top");
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "capstone-result");
        driver.executeScript("document.getElementById('lesson-runs').scrollIntoView()");
        Browser.screenshot(driver, "capstone-runs");
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 1400, "deviceScaleFactor", 2, "mobile", true));
        driver.executeScript("document.getElementById('bench').scrollIntoView()");
        Browser.screenshot(driver, "capstone-phone-bench");
        driver.executeScript("document.getElementById('lesson-runs').scrollIntoView()");
        Browser.screenshot(driver, "capstone-phone-runs");
    }

    /** The run exported the preset's scenario, did all of its work, and says what one of its workers cost. */
    private static void checkExport(String name, Preset preset, JsonNode export) throws Exception {
        Scenario expected = switch (ScenarioParser.parse(preset.scenario())) {
            case ScenarioParser.Result.Valid(var scenario) -> scenario;
            case ScenarioParser.Result.Invalid invalid -> throw new AssertionError(name + ": " + invalid);
        };
        JsonNode run = export.get("run");
        assertThat(JSON.treeToValue(run.get("scenario"), RunView.ScenarioView.class)).as(name + ": the scenario that ran")
                .isEqualTo(RunView.ScenarioView.of(expected));
        assertThat(run.at("/progress/tasksDone").asInt()).as(name + ": tasks done").isEqualTo(expected.tasks());
        assertThat(run.at("/summary/cpuIterations").asLong()).as(name + ": loop iterations")
                .isEqualTo(expected.totalCpuIterations());
        JsonNode cost = run.at("/summary/workerCost");
        if (expected.executor().id().equals("greenlets") && expected.workers() < GREENLETS_TO_MEASURE) {
            assertThat(cost.isNull() || cost.isMissingNode()).as(name + ": too few greenlets to weigh one").isTrue();
            return;
        }
        assertThat(cost.get("kind").asString()).as(name + ": kind of worker")
                .isEqualTo(kindOfWorker(preset.scenario().get("executor")));
        assertThat(cost.get("bytesPerWorker").asLong()).as(name + ": memory per worker, measured").isPositive();
        assertThat(cost.get("startNanosPerWorker").asLong()).as(name + ": start of one, measured").isPositive();
    }

    /** The worker cost's kind for an executor knob. */
    private static String kindOfWorker(String executor) {
        return switch (executor) {
            case "threads" -> "thread";
            case "processes" -> "process";
            case "greenlets" -> "greenlet";
            default -> throw new AssertionError("the capstone has no " + executor + " preset");
        };
    }

    private JsonNode export(String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/runs/" + id + "/export.json")))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("export of run " + id).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The rows of the lesson's runs table, once it lists {@code count} runs. */
    private List<WebElement> awaitLessonRuns(int count) {
        BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#lesson-runs tbody tr")).size() == count);
        return driver.findElements(By.cssSelector("#lesson-runs tbody tr"));
    }
}
