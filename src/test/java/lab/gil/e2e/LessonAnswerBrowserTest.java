package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.test.context.TestPropertySource;

/**
 * A lesson's question answered by the student's own runs, through the real page: the verdict in the result, the
 * preset to run next, the lesson's runs side by side, and the lesson list remembering the answer.
 */
@TestPropertySource(properties = "gillab.runs.time-limit=5m") // a process per task, on a busy machine
class LessonAnswerBrowserTest extends BrowserTestBase {

    private static final String POOL = "A pool of 2, 40 small tasks";
    private static final String PER_TASK = "A process per task, 40 small tasks";
    private static final String NEXT_TO_CPU = "Next to a CPU thread, 5 ms";
    /**
     * A hundred process starts, twice (the run and its one-worker baseline): seconds on an idle machine, minutes
     * on one shared by several builds.
     */
    private static final Duration PROCESS_PER_TASK_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void startingProcessesComparesAProcessPerTaskWithThePoolAndSaysWhichChoiceTheRatioSupports() throws Exception {
        open("/lessons/starting-processes", 1400, 1600);
        predict("The new process per task is a little slower");

        choosePreset(POOL, "select[name=executor]", "processes");
        runAndAwaitDone();
        assertThat(awaitAnswer().findElement(By.cssSelector(".verdict")).getText())
                .isEqualTo("To answer the question, run “" + PER_TASK + "” next.");

        choosePreset(PER_TASK, "select[name=executor]", "process-per-task");
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        awaitRunIn(before, "done", PROCESS_PER_TASK_TIMEOUT);
        WebElement answer = awaitAnswer();
        assertThat(answer.findElement(By.cssSelector(".predicted")).getText())
                .isEqualTo("You predicted The new process per task is a little slower.");
        String verdict = answer.findElement(By.cssSelector(".verdict")).getText();
        assertThat(verdict).matches("Your runs: “" + PER_TASK + "” took [0-9.]+× the time of “" + POOL
                + "” \\([0-9.]+ s against [0-9.]+ s\\)(, so .*|\\. No choice covers that measurement.*)");
        String outcome = answer.getDomAttribute("data-outcome");
        assertThat(outcome).isIn("agreed", "disagreed", "uncovered");
        System.out.println("starting-processes measured: " + verdict + " [" + outcome + "]");

        List<WebElement> rows = awaitLessonRuns(2);
        assertThat(rows).extracting(r -> r.findElement(By.cssSelector("th")).getText()).containsExactly(PER_TASK, POOL);
        assertThat(rows).as("both runs answer the question").allSatisfy(r ->
                assertThat(r.findElement(By.cssSelector(".answers")).getText()).isEqualTo("✔ answers the question"));
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "answer-lesson-06");
        driver.executeScript("document.getElementById('lesson-runs').scrollIntoView()");
        Browser.screenshot(driver, "answer-lesson-06-runs");

        driver.get(url("/"));
        WebElement badge = driver.findElement(By.cssSelector("li[data-lesson-id=starting-processes] .lesson-progress"));
        assertThat(badge.isDisplayed()).isTrue();
        assertThat(badge.getText()).startsWith(outcome.equals("uncovered") ? "measured" : "answered");
        assertThat(driver.findElement(By.cssSelector("li[data-lesson-id=switch-interval-and-convoy] .lesson-progress")).isDisplayed())
                .as("a lesson not answered in this browser is not marked").isFalse();
        Browser.screenshot(driver, "answer-lesson-list");
    }

    @Test
    void theConvoyAnswersWithTheIoThreadsWaitForTheGilAfterSayingWhichPresetItNeeds() throws Exception {
        open("/lessons/switch-interval-and-convoy", 1400, 1600);
        predict("About 1 ms, as long as the wait itself");

        choosePreset("I/O thread alone", "input[name=workers]", "1");
        runAndAwaitDone();
        assertThat(awaitAnswer().findElement(By.cssSelector(".verdict")).getText())
                .isEqualTo("To answer the question, run “" + NEXT_TO_CPU + "” next.");

        choosePreset(NEXT_TO_CPU, "input[name=workers]", "2");
        runAndAwaitDone();
        WebElement answer = awaitAnswer();
        String verdict = answer.findElement(By.cssSelector(".verdict")).getText();
        assertThat(verdict).matches("Your runs: in “" + NEXT_TO_CPU + "” a thread \\(or greenlet\\) whose I/O had ended"
                + " waited a median of ([0-9.]+) ms to run again(, so .*|\\. No choice covers that measurement.*)");
        String median = verdict.replaceAll(".* a median of ([0-9.]+) ms.*", "$1");
        assertThat(Double.parseDouble(driver.findElement(By.cssSelector("#run-status .io-retake")).getText()))
                .as("the verdict reads the summary's Back from I/O, to one decimal")
                .isCloseTo(Double.parseDouble(median), Offset.offset(0.051));
        System.out.println("switch-interval-and-convoy measured: " + verdict);

        List<WebElement> rows = awaitLessonRuns(2);
        assertThat(rows.get(0).getDomAttribute("class")).contains("answering");
        assertThat(String.valueOf(rows.get(1).getDomAttribute("class"))).as("the I/O thread alone does not answer this question")
                .doesNotContain("answering");
        assertThat(driver.findElements(By.cssSelector("#lesson-runs thead th")))
                .extracting(WebElement::getText).containsExactly("Preset", "Back from I/O", "Wall time", "Answers");
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "answer-lesson-12");

        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", 375, "height", 1400, "deviceScaleFactor", 2, "mobile", true));
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "answer-lesson-12-phone");
        driver.executeScript("document.getElementById('lesson-runs').scrollIntoView()");
        Browser.screenshot(driver, "answer-lesson-12-phone-runs");
    }

    @Test
    void theCrashesLessonsCrashedRunAnswersWithTheTasksThatFinishedThoughItFailed() throws Exception {
        open("/lessons/crashes", 1400, 1600);
        predict("They all fail: one crash ends the program");

        choosePreset("Processes, one task crashes", "select[name=executor]", "processes");
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        awaitRunIn(before, "failed", RUN_TIMEOUT);

        String verdict = awaitAnswer().findElement(By.cssSelector(".verdict")).getText();
        assertThat(verdict).matches("Your runs: in “Processes, one task crashes” [0-9]+ of 8 tasks finished(, so .*|\\. No choice.*)");
        System.out.println("crashes measured: " + verdict);
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "answer-lesson-13");
    }

    private void predict(String choice) {
        driver.findElement(By.cssSelector("input[name=prediction][value='" + choice + "']")).click();
    }

    /** The lesson's answer in the result of the run shown now, once it has been read from the runs. */
    private WebElement awaitAnswer() {
        return BrowserWait.upTo(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#run-status #lesson-answer")));
    }

    /** The rows of the lesson's runs table, once it lists {@code count} runs. */
    private List<WebElement> awaitLessonRuns(int count) {
        BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#lesson-runs tbody tr")).size() == count);
        return driver.findElements(By.cssSelector("#lesson-runs tbody tr"));
    }
}
