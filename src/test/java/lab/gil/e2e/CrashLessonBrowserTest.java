package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The crashes lesson as a student runs it: a crashing task on processes and on threads, with no one-worker run first.
 */
class CrashLessonBrowserTest extends BrowserTestBase {

    /** Presses Run and waits until that run has failed, as a crash makes it; returns the status's text. */
    private String runAndAwaitFailed() {
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        awaitRunIn(before, "failed", RUN_TIMEOUT);
        return driver.findElement(By.id("run-status")).getText();
    }

    private int lanesDrawn() {
        WebElement lanes = driver.findElement(By.id("lanes-canvas"));
        return Integer.parseInt(lanes.getDomAttribute("data-changes"));
    }

    @Test
    void oneProcessDiesTheOtherWorkersFinishTheirTasksOnTheLanesAndTheMessageCountsThem() throws Exception {
        open("/lessons/crashes", 1400, 1400);
        choosePreset("Processes, one task crashes", "select[name=executor]", "processes");
        String status = runAndAwaitFailed();

        assertThat(status).contains("The run failed.").containsPattern("Worker \\d died \\(exit code 1\\) while running task 0\\.")
                .contains("The other workers went on: 7 of 8 tasks finished.");
        assertThat(driver.findElement(By.id("run-status")).getDomAttribute("data-run-state")).isEqualTo("failed");
        assertThat(lanesDrawn()).as("four lanes with the survivors' work").isGreaterThan(8);
        driver.executeScript("document.getElementById('lanes-canvas').scrollIntoView()");
        Browser.screenshot(driver, "crash-processes");

        choosePreset("Processes, no crash", "textarea[name=programs]", "cpu 4000000");
        runAndAwaitDone();
        assertThat(driver.findElement(By.cssSelector("#run-status .speedup")).getText()).matches("\\d+\\.\\d\\d×");
        assertThat(driver.findElement(By.cssSelector("#run-status .calibration")).getText())
                .as("which CPython, and what an iteration costs, from the server's calibration")
                .matches("(?s)(One Python loop iteration costs \\d+\\.\\d ns here, as it does in CPython 3\\.\\d+\\.\\d+.*"
                        + "|python3 could not be run on this server.*)");
    }

    @Test
    void aThreadThatCrashesEndsTheWholeRunAsItWouldEndThePythonProgram() throws Exception {
        open("/lessons/crashes", 1400, 1400);
        choosePreset("Threads, one task crashes", "select[name=executor]", "threads");
        String status = runAndAwaitFailed();

        assertThat(status).contains("The run failed.").contains("the program reached a crash step")
                .contains("A thread cannot die alone").doesNotContain("Measuring 1 worker");
        assertThat(lanesDrawn()).as("the threads' lanes, up to the crash").isGreaterThan(4);
        driver.executeScript("document.getElementById('lanes-canvas').scrollIntoView()");
        Browser.screenshot(driver, "crash-threads");
    }
}
