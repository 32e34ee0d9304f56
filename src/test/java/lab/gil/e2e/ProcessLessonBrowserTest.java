package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** What a student sees when a lesson runs on worker processes, in real headless Chromium against the whole app. */
class ProcessLessonBrowserTest extends BrowserTestBase {

    @Test
    void eachProcessCountsInItsOwnCounterAndTheServersStaysZero() throws Exception {
        open("/lessons/copying-vs-sharing", 1400, 1400);
        choosePreset("A counter in each process", "select[name=executor]", "processes");
        runAndAwaitDone();

        assertThat(driver.findElement(By.cssSelector("#run-status .counter")).getText()).isEqualTo("0");
        assertThat(driver.findElement(By.cssSelector("#run-status .process-counters")).getText())
                .isEqualTo("100000, 100000");
        assertThat(driver.findElement(By.cssSelector("#run-status .gil-per-process")).getText()).startsWith("one per process");
        assertThat(Double.parseDouble(driver.findElement(By.cssSelector("#run-status .worker-ready")).getText()))
                .as("a worker's measured start-up").isPositive();
        WebElement lanes = driver.findElement(By.id("lanes-canvas"));
        assertThat(Integer.parseInt(lanes.getDomAttribute("data-changes"))).as("state changes drawn").isGreaterThan(2);
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "processes-own-counters");
    }

    @Test
    void aProcessPerTaskRunShowsAWorkersStartBesideCPythonsSpawnAndForkMeasuredOnThisServer() throws Exception {
        open("/lessons/starting-processes", 1400, 1400);
        choosePreset("A process per task, 40 small tasks", "select[name=executor]", "process-per-task");
        driver.findElement(By.cssSelector("details.knob-panel > summary")).click(); // "Adjust the knobs"
        WebElement tasks = driver.findElement(By.cssSelector("#knobs input[name=tasks]"));
        tasks.clear();
        tasks.sendKeys("4"); // a fast variant of the preset: the figures below do not depend on the task count
        runAndAwaitDone();

        assertThat(Double.parseDouble(driver.findElement(By.cssSelector("#run-status .worker-ready")).getText()))
                .as("a worker's measured start-up").isPositive();
        if (new java.io.File("/usr/bin/python3").canExecute()) {
            double spawn = Double.parseDouble(driver.findElement(By.cssSelector("#run-status .cpython-spawn")).getText());
            double fork = Double.parseDouble(driver.findElement(By.cssSelector("#run-status .cpython-fork")).getText());
            assertThat(spawn).as("CPython's spawn, measured here").isPositive().isGreaterThan(fork);
            assertThat(fork).as("CPython's fork, measured here").isPositive();
        } else {
            assertThat(driver.findElement(By.cssSelector("#run-status .cpython-start-absent")).getText())
                    .contains("python3 is not installed");
        }
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "process-start-beside-cpython");
    }
}
