package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What a student does on the first lesson, in real headless Chromium against the whole app. */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class LessonRunBrowserTest {

    /** Long enough for several samples at 10 Hz on a busy machine. */
    private static final Duration SAMPLES_TIMEOUT = Duration.ofSeconds(15);
    /** A two-thread run of the first lesson plus its one-thread baseline, with room for a slow CI machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private ChromeDriver driver;

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void aStudentPredictsRunsTwoThreadsAndSeesTheCoresAndTheSpeedup() throws Exception {
        driver = Browser.start(1400, 1200);
        driver.get("http://127.0.0.1:" + port + "/lessons/cores-and-threads");

        WebElement canvas = driver.findElement(By.id("core-chart-canvas"));
        new WebDriverWait(driver, SAMPLES_TIMEOUT).until(d -> samples(canvas) >= 3);
        assertThat(driver.findElements(By.cssSelector("#core-chart-legend li")))
                .as("one legend entry per core plus the average")
                .hasSize(Runtime.getRuntime().availableProcessors() + 1);

        driver.findElement(By.cssSelector("input[name=prediction]")).click();
        choosePresetAndRun("Two threads", "2");
        String speedup = driver.findElement(By.cssSelector("#run-status .speedup")).getText();
        assertThat(speedup).matches("\\d+\\.\\d\\d×");
        assertThat(driver.findElement(By.cssSelector("#run-status .prediction-check")).getText())
                .startsWith("You predicted “").contains("measured: speedup");
        assertThat(driver.findElement(By.id("explanation")).isDisplayed()).isTrue();
        new WebDriverWait(driver, SWAP_TIMEOUT).until(ExpectedConditions.textToBe(By.id("run-progress-text"), "Done"));
        assertThat(samples(canvas)).as("the chart kept receiving samples during the run").isGreaterThan(10);

        Browser.screenshot(driver, "lesson-after-run");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(375, 2400));
        driver.executeScript("document.getElementById('bench').scrollIntoView()");
        Browser.screenshot(driver, "lesson-after-run-phone");
    }

    @Test
    void underTheGilTheLanesShowTwoThreadsTakingTurns() throws Exception {
        driver = Browser.start(1400, 1400);
        driver.get("http://127.0.0.1:" + port + "/lessons/cpu-bound-threads-and-the-gil");
        choosePresetAndRun("Two threads, GIL on", "2");

        WebElement lanes = driver.findElement(By.id("lanes-canvas"));
        assertThat(lanes.isDisplayed()).isTrue();
        assertThat(Integer.parseInt(lanes.getDomAttribute("data-changes"))).as("state changes drawn").isGreaterThan(4);
        assertThat(driver.findElement(By.id("lanes-readout")).getText()).contains("waiting for the GIL");
        assertThat(driver.findElement(By.cssSelector("#run-status .gil-wait")).getText()).endsWith("%");
        driver.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(driver, "gil-two-threads");
    }

    @Test
    void aBadValueGetsAClearMessageNextToTheForm() throws Exception {
        driver = Browser.start(1400, 1000);
        driver.get("http://127.0.0.1:" + port + "/lessons/cores-and-threads");
        WebElement workers = driver.findElement(By.cssSelector("#knobs input[name=workers]"));
        // Bypass the browser's own min/max check, as a hand-made request would.
        driver.executeScript("arguments[0].removeAttribute('min'); arguments[0].value = '0';", workers);
        driver.findElement(By.cssSelector("button.run")).click();
        WebElement errors = new WebDriverWait(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#scenario-errors li")));
        assertThat(errors.getText()).contains("workers").contains("from 1 to 100");
        assertThat(driver.findElement(By.id("run-status")).getAttribute("data-run-id")).isNull();
    }

    /** Presses a preset, waits for its knobs to arrive, presses Run and waits until the run is done. */
    private void choosePresetAndRun(String preset, String expectedWorkers) {
        driver.findElement(By.xpath("//button[contains(@class,'preset') and normalize-space()='" + preset + "']")).click();
        new WebDriverWait(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                expectedWorkers.equals(d.findElement(By.cssSelector("#knobs input[name=workers]")).getDomProperty("value")));
        driver.findElement(By.cssSelector("button.run")).click();
        // The status element is replaced every second while the run is active, hence the stale references.
        new WebDriverWait(driver, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "done".equals(d.findElement(By.id("run-status")).getDomAttribute("data-run-state")));
    }

    private static int samples(WebElement canvas) {
        String n = canvas.getDomAttribute("data-samples");
        return n == null ? 0 : Integer.parseInt(n);
    }
}
