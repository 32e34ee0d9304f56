package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Predict, then reveal, in four real browsers: three students join by code and predict on their lesson pages; the
 * instructor's histogram shows each prediction as it is made, hidden from the students; the instructor runs the
 * lesson's preset and reveals; every student page then shows the class's predictions beside the measured answer.
 */
class PollBrowserTest extends BrowserTestBase {

    private static final String LESSON = "cpu-bound-threads-and-the-gil";
    private static final String HALF = "About half the time";
    private static final String SAME = "About the same time, or a little longer";
    /** A prediction reaching the instructor's histogram, or a reveal reaching a student page: one SSE event and a swap. */
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(10);

    /** The students' browsers, quit after the test (the instructor's is the base class's). */
    private final List<ChromeDriver> students = new ArrayList<>();

    @AfterEach
    void quitStudents() {
        students.forEach(ChromeDriver::quit);
    }

    private ChromeDriver join(ChromeDriver browser, String code, String name) {
        students.add(browser);
        browser.get(url("/join/" + code));
        browser.findElement(By.name("displayName")).sendKeys(name);
        browser.findElement(By.cssSelector(".join-form button[type=submit]")).click();
        new WebDriverWait(browser, SWAP_TIMEOUT).until(d -> !d.findElements(By.id("class-poll-box")).isEmpty());
        return browser;
    }

    private static void predict(ChromeDriver student, String choice) {
        student.findElement(By.xpath("//fieldset[contains(@class,'prediction')]//input[@value='" + choice + "']")).click();
        new WebDriverWait(student, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.id("prediction-receipt")).getText().contains(choice));
    }

    private int instructorVotes() {
        return Integer.parseInt(driver.findElement(By.id("instructor-poll")).getDomAttribute("data-votes"));
    }

    @Test
    void studentsPredictTheInstructorSeesTheHistogramLiveAndRevealsItBesideTheMeasuredAnswer() throws Exception {
        open("/signin", 1280, 1000);
        signInAsInstructor();
        driver.get(url("/instructor/classes"));
        new Select(driver.findElement(By.name("lessonId"))).selectByValue(LESSON);
        driver.findElement(By.cssSelector(".open-class button[type=submit]")).click();
        String code = new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> d.findElement(By.cssSelector(".join-code"))).getText();
        new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> !d.findElements(By.cssSelector("#instructor-poll[data-votes]")).isEmpty());
        assertThat(instructorVotes()).isZero();

        ChromeDriver ada = join(startBrowser(1280, 1000), code, "Ada");
        ChromeDriver grace = join(startBrowser(1280, 1000), code, "Grace");
        ChromeDriver alan = join(startPhone(375, 800), code, "Alan");
        predict(ada, HALF);
        predict(grace, HALF);
        predict(alan, SAME);
        new WebDriverWait(driver, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> instructorVotes() == 3);
        WebElement half = driver.findElement(By.cssSelector("#instructor-poll .histogram-row[data-choice='" + HALF + "']"));
        assertThat(half.getDomAttribute("data-votes")).isEqualTo("2");
        assertThat(half.getText()).contains("Ada, Grace");
        assertThat(ada.findElement(By.id("class-poll")).getText()).as("hidden from students")
                .doesNotContain("%").contains("Your instructor will show");
        scrollTo(driver, "instructor-poll");
        Path hidden = Browser.screenshot(driver, "poll-instructor-histogram");

        predict(alan, HALF);
        new WebDriverWait(driver, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "3".equals(d.findElement(By.cssSelector("#instructor-poll .histogram-row[data-choice='" + HALF + "']"))
                        .getDomAttribute("data-votes")));
        assertThat(instructorVotes()).as("Alan changed his mind: still three").isEqualTo(3);
        predict(alan, SAME);

        // The instructor measures the answer on the lesson's own preset, then reveals.
        String console = driver.getCurrentUrl();
        driver.get(url("/lessons/" + LESSON));
        choosePreset("Two threads, GIL on", "[name=workers]", "2");
        runAndAwaitDone();
        driver.get(console);
        new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> !d.findElements(By.cssSelector("#instructor-poll[data-votes]")).isEmpty());
        driver.findElement(By.cssSelector("button.poll-reveal")).click();
        String sentence = new WebDriverWait(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#instructor-poll .poll-sentence")).stream()
                        .map(WebElement::getText).findFirst().orElse(null));
        assertThat(sentence).matches("67% predicted “About half the time”; measured [0-9.]+×(: “.+”|, which no choice covers)\\.");

        for (ChromeDriver student : List.of(ada, grace, alan)) {
            String shown = new WebDriverWait(student, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(By.cssSelector("#class-poll-result .poll-sentence")).stream()
                            .map(WebElement::getText).findFirst().orElse(null));
            assertThat(shown).as("every student page shows the reveal beside the measured answer").isEqualTo(sentence);
            assertThat(student.findElement(By.id("class-poll")).getText()).as("without the names").doesNotContain("Grace");
        }
        scrollTo(driver, "instructor-poll");
        Path revealedInstructor = Browser.screenshot(driver, "poll-instructor-revealed");
        scrollTo(ada, "class-poll");
        Path student = Browser.screenshot(ada, "poll-student-revealed");
        scrollTo(alan, "class-poll");
        Path phone = Browser.screenshot(alan, "poll-student-revealed-phone");
        assertThat(List.of(hidden, revealedInstructor, student, phone)).allMatch(java.nio.file.Files::exists);

        // A second vote: the students' choices clear and the reveal goes away until the next one.
        driver.findElement(By.cssSelector("button.poll-reset")).click();
        new WebDriverWait(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> "2".equals(d.findElement(By.id("instructor-poll")).getDomAttribute("data-round")));
        new WebDriverWait(ada, LIVE_TIMEOUT).until(d -> !d.findElement(By.id("class-poll-result")).isDisplayed()
                && d.findElements(By.cssSelector("input[name=prediction]:checked")).isEmpty());
    }

    private static void scrollTo(ChromeDriver browser, String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }
}
