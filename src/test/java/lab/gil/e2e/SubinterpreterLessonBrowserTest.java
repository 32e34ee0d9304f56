package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lesson 14's pool of subinterpreters run through the real page in Chromium: what ran (the export), and what the
 * summary tells a student about it, including that CPython 3.14's own figure was not measured on a server without
 * one.
 */
class SubinterpreterLessonBrowserTest extends BrowserTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LESSON = "/lessons/beyond-the-gil";

    @Test
    void aPoolOfTwoSubinterpretersRunsInOneProcessWithAGilEachAndCopiesWhatItIsGiven() throws Exception {
        open(LESSON, 1400, 1600);
        choosePreset("A pool of two subinterpreters", "select[name=executor]", "interpreters");
        runAndAwaitDone();

        JsonNode run = export(shownRunId()).get("run");
        assertThat(run.at("/scenario/executor").asString()).isEqualTo("interpreters");
        assertThat(run.at("/scenario/workers").asInt()).isEqualTo(2);
        assertThat(run.at("/summary/cpuIterations").asLong()).as("the countdown, split").isEqualTo(20_000_000);
        assertThat(run.at("/summary/gil/mode").asString()).as("one GIL per interpreter").isEqualTo("per-interpreter");
        assertThat(run.at("/summary/gil/waitShare").asDouble()).isZero();
        assertThat(run.at("/summary/system/bytesCopied").asLong()).as("4 MB into each of the two tasks")
                .isEqualTo(8L * 1024 * 1024);
        assertThat(run.at("/summary/figures/kind").asString()).isEqualTo("interpreters");
        assertThat(run.at("/summary/figures/startMicrosMedian").asDouble()).isPositive();
        assertThat(run.at("/summary/workerCost/kind").asString()).isEqualTo("interpreter");

        assertThat(driver.findElement(By.cssSelector("#run-status .gil-per-interpreter")).getText())
                .contains("one per interpreter");
        assertThat(driver.findElement(By.cssSelector("#run-status .interpreter-start")).getText()).isNotBlank();
        boolean cpython314 = !run.at("/summary/figures/cpython").isNull() && !run.at("/summary/figures/cpython").isMissingNode();
        assertThat(driver.findElements(By.cssSelector(cpython314 ? "#run-status .cpython-interpreter"
                : "#run-status .cpython-interpreter-absent"))).as("CPython 3.14's figure, or saying it was not measured")
                .hasSize(1);
        driver.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(driver, "lesson-14-subinterpreters-lanes");
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "lesson-14-subinterpreters-summary");
    }

    private JsonNode export(String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url("/runs/" + id + "/export.json"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
