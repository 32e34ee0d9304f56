package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.cores.CoreSamplerProperties;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;

/** What a student does on the first lesson, in real headless Chromium against the whole app. */
class LessonRunBrowserTest extends BrowserTestBase {

    /** Long enough for several samples at 10 Hz on a busy machine. */
    private static final Duration SAMPLES_TIMEOUT = Duration.ofSeconds(15);
    /** CSS pixels of a small phone held upright. */
    private static final int PHONE_WIDTH = 375;

    /** The server's run queue, where other students' runs wait beside this one. */
    @Autowired
    RunService runs;

    @Test
    void aStudentPredictsRunsTwoThreadsAndSeesTheCoresAndTheSpeedup() throws Exception {
        open("/lessons/cores-and-threads", 1400, 1200);

        WebElement canvas = driver.findElement(By.id("core-chart-canvas"));
        BrowserWait.upTo(driver, SAMPLES_TIMEOUT).until(d -> samples(canvas) >= 3);
        assertThat(driver.findElements(By.cssSelector("#core-chart-legend li")))
                .as("one legend entry per core plus the average")
                .hasSize(Runtime.getRuntime().availableProcessors() + 1);
        assertThat(canvas.getDomAttribute("data-capacity")).as("points kept: enough to fill the configured window")
                .isEqualTo(driver.findElement(By.id("core-chart")).getDomAttribute("data-points"))
                .isEqualTo(String.valueOf(CoreSamplerProperties.defaults().chartPoints()));

        driver.findElement(By.cssSelector("input[name=prediction]")).click();
        choosePreset("Two threads", "input[name=workers]", "2");
        runAndAwaitDone();
        String speedup = driver.findElement(By.cssSelector("#run-status .speedup")).getText();
        assertThat(speedup).matches("\\d+\\.\\d\\d×");
        WebElement verdict = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#run-status #lesson-answer .verdict")));
        assertThat(driver.findElement(By.cssSelector("#lesson-answer .predicted")).getText()).startsWith("You predicted ");
        assertThat(verdict.getText()).startsWith("Your runs: “Two threads” ran ").contains(" as fast as the same work on one worker");
        assertThat(driver.findElement(By.id("explanation")).isDisplayed()).isTrue();
        assertThat(samples(canvas)).as("the chart kept receiving samples during the run").isGreaterThan(10);

        Browser.screenshot(driver, "lesson-after-run");
    }

    @Test
    void onAPhoneTheLessonFitsTheScreenWidthAfterARun() throws Exception {
        driver = startPhone(PHONE_WIDTH, 812);
        driver.get(url("/lessons/cores-and-threads"));
        assertThat(((Number) driver.executeScript("return window.innerWidth")).intValue()).isEqualTo(PHONE_WIDTH);
        choosePreset("Two threads", "input[name=workers]", "2");
        runAndAwaitDone();
        assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("page width: nothing runs off the side of the screen").isLessThanOrEqualTo(PHONE_WIDTH);
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "lesson-after-run-phone");
    }

    @Test
    void underTheGilTheLanesShowTwoThreadsTakingTurns() throws Exception {
        open("/lessons/cpu-bound-threads-and-the-gil", 1400, 1400);
        choosePreset("Two threads, GIL on", "input[name=workers]", "2");
        runAndAwaitDone();

        WebElement lanes = driver.findElement(By.id("lanes-canvas"));
        assertThat(lanes.isDisplayed()).isTrue();
        assertThat(Integer.parseInt(lanes.getDomAttribute("data-changes"))).as("state changes drawn").isGreaterThan(4);
        assertThat(driver.findElement(By.id("lanes-readout")).getText()).contains("waiting for the GIL");
        assertThat(driver.findElement(By.cssSelector("#run-status .gil-wait")).getText()).endsWith("%");
        driver.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(driver, "gil-two-threads");
    }

    @Test
    void aWaitingRunShowsItsPlaceInTheQueueMovingUpThenRunsAsItsStreamSays() throws Exception {
        open("/lessons/cores-and-threads", 1400, 1000);
        // Two runs of other students: one running, one waiting ahead of ours.
        Run running = runs.submit(longWait(), null, null);
        assertThat(RunWatcher.watch(running).awaitState(RunState.RUNNING, RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        Run ahead = runs.submit(longWait(), null, null);
        try {
            choosePreset("Two threads", "input[name=workers]", "2");
            String before = shownRunId();
            driver.findElement(By.cssSelector("button.run")).click();
            awaitRunIn(before, "queued", SWAP_TIMEOUT);
            WebElement status = driver.findElement(By.id("run-status"));
            assertThat(status.getDomAttribute("hx-trigger")).as("nothing polls: the stream drives the status").isNull();
            WebElement place = status.findElement(By.className("queue-position"));
            assertThat(place.getText()).isEqualTo("2");
            Browser.screenshot(driver, "lesson-run-queued");

            runs.stop(ahead);
            BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> place.getText().equals("1"));
            runs.stop(running);
            awaitRunDone(before);
        } finally {
            runs.stop(ahead);
            runs.stop(running);
        }
    }

    /** A run that waits until it is stopped. */
    private static Scenario longWait() {
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(Map.of("workers", "1", "programs", "io 50s")))
                .scenario();
    }

    @Test
    void aBadValueGetsAClearMessageNextToTheForm() throws Exception {
        // The refusal is a 400 on purpose, which Chromium logs as a failed load.
        expectOnConsole("/runs - Failed to load resource: the server responded with a status of 400");
        open("/lessons/cores-and-threads", 1400, 1000);
        WebElement workers = driver.findElement(By.cssSelector("#knobs input[name=workers]"));
        // Bypass the browser's own min/max check, as a hand-made request would.
        driver.executeScript("arguments[0].removeAttribute('min'); arguments[0].value = '0';", workers);
        driver.findElement(By.cssSelector("button.run")).click();
        WebElement errors = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#scenario-errors li")));
        assertThat(errors.getText()).contains("workers").contains("from 1 to 100");
        assertThat(driver.findElement(By.id("run-status")).getAttribute("data-run-id")).isNull();
    }

    private static int samples(WebElement canvas) {
        String n = canvas.getDomAttribute("data-samples");
        return n == null ? 0 : Integer.parseInt(n);
    }
}
