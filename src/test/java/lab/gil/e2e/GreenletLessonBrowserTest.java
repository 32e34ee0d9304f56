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

/** The greenlets lesson run through the real page in Chromium: greenlets on one hub, and what their export says ran. */
class GreenletLessonBrowserTest extends BrowserTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String LESSON = "/lessons/greenlets-and-coroutines";

    @Test
    void anIoGreenletNextToAComputingOneWaitsForTheWholePieceOfWork() throws Exception {
        open(LESSON, 1400, 1400);
        choosePreset("Next to a computing greenlet", "select[name=executor]", "greenlets");
        runAndAwaitDone();

        JsonNode run = export(shownRunId()).get("run");
        assertThat(run.at("/scenario/executor").asString()).isEqualTo("greenlets");
        assertThat(run.at("/scenario/workers").asInt()).isEqualTo(4);
        assertThat(run.at("/progress/tasksDone").asInt()).as("every greenlet's task").isEqualTo(4);
        assertThat(run.at("/summary/cpuIterations").asLong()).as("eight pieces of a million iterations")
                .isEqualTo(8_000_000);
        assertThat(run.at("/summary/gil/mode").asString()).isEqualTo("greenlets");
        assertThat(run.at("/summary/figures/kind").asString()).as("the kind's own figures").isEqualTo("greenlets");
        assertThat(run.at("/summary/figures/hubWaitMaxMillis").asDouble())
                .as("a wait that ended while the other greenlet computed lasts until its piece of work ends")
                .isGreaterThan(5);
        assertThat(driver.findElement(By.cssSelector("#run-status .hub-wait")).getText()).isNotBlank();
        assertThat(driver.findElement(By.id("lanes-counts")).isDisplayed())
                .as("four greenlets have a lane each: no counts needed").isFalse();
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "lesson-11-next-to-computing");
    }

    @Test
    void tenThousandGreenletsWaitOneSecondEachAndThePageCountsThemByState() throws Exception {
        open(LESSON, 1400, 1600);
        choosePreset("Ten thousand waits", "input[name=workers]", "10000");
        runAndAwaitDone();

        JsonNode run = export(shownRunId()).get("run");
        assertThat(run.at("/scenario/workers").asInt()).isEqualTo(10_000);
        assertThat(run.at("/progress/tasksDone").asInt()).isEqualTo(10_000);
        assertThat(run.at("/summary/wallMillis").asDouble()).as("the waits overlap").isLessThan(10_000);
        assertThat(run.at("/summary/figures/startMillis").asDouble()).isPositive();
        assertThat(run.at("/summary/figures/bytesPerGreenlet").asLong()).as("a greenlet's memory")
                .isBetween(1L, 64L * 1024);
        assertThat(run.at("/summary/comparison/without").asString()).isEqualTo("too-long");
        assertThat(driver.findElement(By.id("lanes-counts")).isDisplayed()).isTrue();
        assertThat(Integer.parseInt(driver.findElement(By.id("lanes-counts-canvas")).getDomAttribute("data-samples")))
                .as("samples of greenlets per state").isPositive();
        assertThat(driver.findElement(By.cssSelector("#run-status .greenlet-memory")).getText()).isNotBlank();
        driver.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(driver, "lesson-11-ten-thousand-lanes");
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "lesson-11-ten-thousand-summary");
    }

    @Test
    void onAPhoneTheLessonRunsAndItsLanesFitTheScreen() throws Exception {
        driver = startPhone(375, 812);
        driver.get(url(LESSON));
        choosePreset("Next to a computing greenlet", "select[name=executor]", "greenlets");
        runAndAwaitDone();
        long overflow = (Long) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertThat(overflow).as("no sideways scrolling").isLessThanOrEqualTo(0);
        driver.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(driver, "lesson-11-phone-lanes");
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "lesson-11-phone-summary");
    }

    private JsonNode export(String id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url("/runs/" + id + "/export.json"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
