package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lab.gil.cpython.PythonBuild;
import lab.gil.cpython.PythonBuilds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lesson 2's "Two threads, GIL on" as a student runs it beside real CPython: the emulation's run, then "Run it in
 * CPython too" (or CPython's figure kept for the preset), both figures side by side on the result panel, both runs'
 * exported knobs the preset's, and the program behind the panel's download link run in python3 as a student would
 * at home.
 */
class CPythonBesideBrowserTest extends BrowserTestBase {

    private static final String LESSON = "/lessons/cpu-bound-threads-and-the-gil";
    private static final String PRESET = "Two threads, GIL on";
    /** The preset's 20 million iterations split in two, in CPython on a busy machine: seconds, with room. */
    private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(120);
    private static final int PHONE_WIDTH = 375;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    PythonBuilds builds;

    @TempDir
    Path home;

    @Test
    void aPresetRunsInBothEnginesSideBySideAndItsProgramRunsAtHome() throws Exception {
        PythonBuild python = builds.main().orElseThrow(() -> new AssertionError(
                "this test needs the server's python3 (the Docker image and CI install it)"));
        open(LESSON, 1400, 1400);
        choosePreset(PRESET, "input[name=workers]", "2");
        runAndAwaitDone();
        String emulationRun = shownRunId();
        String emulationSpeedup = text("#run-status .speedup");
        assertThat(emulationSpeedup).matches("\\d+\\.\\d\\d×");
        assertPresetKnobs(export(emulationRun));

        WebElement beside = driver.findElement(By.cssSelector("#run-status .cpython-beside"));
        assertThat(beside.getDomAttribute("data-ran-in")).isEqualTo("emulation");
        if ("false".equals(beside.getDomAttribute("data-compared"))) {
            // No CPython figure kept for the preset on this server yet: the student asks for one.
            assertThat(beside.findElement(By.className("missing")).getText())
                    .isEqualTo("CPython has not measured this preset on this server yet.");
            Browser.screenshot(driver, "cpython-beside-offer");
            beside.findElement(By.cssSelector(".run-in-cpython button")).click();
            awaitRunIn(emulationRun, "done", RUN_TIMEOUT);
            String cpythonRun = shownRunId();

            // CPython's run beside this student's own emulation run of the same knobs.
            WebElement panel = driver.findElement(By.cssSelector("#run-status .cpython-beside"));
            assertThat(panel.getDomAttribute("data-ran-in")).isEqualTo("cpython");
            assertThat(panel.getDomAttribute("data-compared")).isEqualTo("true");
            assertThat(cell("SPEEDUP", "emulation")).isEqualTo(emulationSpeedup);
            assertThat(cell("SPEEDUP", "cpython")).matches("\\d+\\.\\d\\d×").isEqualTo(text("#run-status .speedup"));
            assertThat(cell("WALL_TIME", "cpython")).matches("[\\d,.]+ s");
            assertThat(panel.findElement(By.cssSelector("tr[data-figure=SPEEDUP] .answer-reads")).getText())
                    .contains("the lesson's answer reads it");
            assertThat(text("#run-status .sides")).contains("Emulation: your run of these knobs")
                    .contains("CPython: this run, CPython " + python.version());
            assertThat(text("#run-status .calibration")).startsWith("These are real CPython's figures")
                    .contains("CPython " + python.version());
            JsonNode cpython = export(cpythonRun);
            assertPresetKnobs(cpython);
            assertThat(cpython.at("/run/summary/calibration/source").asString()).isEqualTo("cpython-run");
            assertThat(cpython.at("/run/summary/tasks").asInt()).isEqualTo(2);
            Browser.screenshot(driver, "cpython-beside-cpython-run");

            // Pressing Run again: the preset's CPython figure is now kept on this server, with when it was measured.
            runAndAwaitDone();
            emulationRun = shownRunId();
            emulationSpeedup = text("#run-status .speedup");
        }
        WebElement kept = driver.findElement(By.cssSelector("#run-status .cpython-beside"));
        assertThat(kept.getDomAttribute("data-compared")).isEqualTo("true");
        assertThat(cell("SPEEDUP", "emulation")).isEqualTo(emulationSpeedup);
        assertThat(cell("SPEEDUP", "cpython")).matches("\\d+\\.\\d\\d×");
        assertThat(cell("SPEEDUP", "ratio")).matches("\\d+\\.\\d\\d( more than 10% apart)?|same");
        assertThat(text("#run-status .sides")).contains("Emulation: this run")
                .containsPattern("CPython: measured on this server on \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, CPython "
                        + python.version().replace(".", "\\."));
        assertThat(driver.findElements(By.cssSelector("#run-status .run-in-cpython"))).as("nothing left to ask for")
                .isEmpty();
        driver.executeScript("document.querySelector('#run-status .cpython-beside').scrollIntoView()");
        Browser.screenshot(driver, "cpython-beside-kept");

        // The program behind the panel's link, fetched as the browser would (its cookies), run as at home.
        String href = driver.findElement(By.cssSelector("#run-status a.download-program")).getDomProperty("href");
        assertThat(href).isEqualTo(url("/runs/" + emulationRun + "/program.py"));
        HttpResponse<String> download = http.send(HttpRequest.newBuilder(URI.create(href))
                .header("Cookie", cookies(driver)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Disposition")).hasValueSatisfying(d -> assertThat(d)
                .contains("filename=\"gil_lab_cpu_bound_threads_and_the_gil_two_threads_gil_on.py\""));
        String source = download.body();
        assertThat(source).contains("WORKERS = 2").contains("TASKS = 2").contains("countdown(10_000_000)");
        JsonNode figures = runAtHome(python, source);
        assertThat(figures.path("error").isMissingNode()).as(figures.toString()).isTrue();
        JsonNode f = figures.path("figures");
        assertThat(f.path("implementation").asString()).isEqualTo("CPython");
        assertThat(f.path("gil").asString()).isEqualTo("enabled");
        assertThat(f.path("workers").asInt()).isEqualTo(2);
        assertThat(f.path("tasks").asInt()).isEqualTo(2);
        assertThat(f.path("tasks_finished").asInt()).isEqualTo(2);
        assertThat(f.path("switch_interval_ms").asDouble()).isEqualTo(5.0);
        assertThat(f.path("wall_seconds").asDouble()).isPositive();
        assertThat(f.path("cpu_seconds").asDouble()).as("CPU time: two threads counting, one at a time")
                .isGreaterThan(0.5 * f.path("wall_seconds").asDouble());
        assertThat(f.path("task_seconds")).hasSize(2);
        assertThat(f.path("tasks_lost")).isEmpty();
    }

    @Test
    void onAPhoneBothEnginesFitTheScreenWidth() throws Exception {
        driver = startPhone(PHONE_WIDTH, 812);
        driver.get(url(LESSON));
        choosePreset(PRESET, "input[name=workers]", "2");
        runAndAwaitDone();
        WebElement beside = driver.findElement(By.cssSelector("#run-status .cpython-beside"));
        if ("false".equals(beside.getDomAttribute("data-compared"))) {
            String before = shownRunId();
            beside.findElement(By.cssSelector(".run-in-cpython button")).click();
            awaitRunIn(before, "done", RUN_TIMEOUT);
            beside = driver.findElement(By.cssSelector("#run-status .cpython-beside"));
        }
        assertThat(beside.getDomAttribute("data-compared")).as("the figures side by side, on a phone").isEqualTo("true");
        driver.executeScript("arguments[0].scrollIntoView()", beside);
        assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("page width: nothing runs off the side of the screen").isLessThanOrEqualTo(PHONE_WIDTH);
        Browser.screenshot(driver, "cpython-beside-phone");
    }

    /** The knobs of lesson 2's "Two threads, GIL on", as the run's export records what ran. */
    private static void assertPresetKnobs(JsonNode export) {
        JsonNode s = export.at("/run/scenario");
        assertThat(s.path("executor").asString()).isEqualTo("threads");
        assertThat(s.path("workers").asInt()).isEqualTo(2);
        assertThat(s.path("tasks").asInt()).isEqualTo(2);
        assertThat(s.path("gil").asString()).isEqualTo("gil");
        assertThat(s.path("split").asBoolean()).isTrue();
        assertThat(s.path("switchIntervalMillis").asDouble()).isEqualTo(5.0);
        assertThat(s.path("programs").toString()).isEqualTo("[\"cpu 20000000\"]");
        assertThat(export.at("/run/lessonId").asString()).isEqualTo("cpu-bound-threads-and-the-gil");
        assertThat(export.at("/run/state").asString()).isEqualTo("done");
    }

    private JsonNode export(String runId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create(url("/runs/" + runId + "/export.json"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body());
    }

    /** Runs the downloaded program in python3 as a student would, and reads its last line. */
    private JsonNode runAtHome(PythonBuild python, String source) throws Exception {
        Path program = home.resolve("program.py");
        Files.writeString(program, source);
        Process p = new ProcessBuilder(python.executable(), program.toString()).directory(home.toFile())
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(PROGRAM_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("the program ended within " + PROGRAM_TIMEOUT).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).as("one line per finished task, then the figures").hasSize(3);
        return json.readTree(lines.getLast());
    }

    private String cell(String figure, String column) {
        return BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector("#run-status .cpython-beside tr[data-figure=" + figure + "] td."
                        + column)).getText());
    }

    private String text(String css) {
        return BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector(css)).getText());
    }

    private static String cookies(ChromeDriver browser) {
        return browser.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
    }
}
