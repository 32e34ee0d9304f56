package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.gil.cpython.fidelity.KeptCPythonFigures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Predict, then reveal, in four real browsers: three students join by code and predict on their lesson pages; the
 * instructor's histogram shows each prediction as it is made, hidden from the students, with bars as long as each
 * choice's share of the votes as Chromium draws them; the instructor presents the lesson's preset, and each student
 * reads the prediction they made in the poll under its result; the instructor reveals, and every student page then
 * shows the class's predictions beside the measured answer and CPython's figure kept on this server, its bar marked
 * in words. Every browser's console stays clean throughout
 * ({@link BrowserTestBase}).
 */
class PollBrowserTest extends BrowserTestBase {

    private static final String LESSON = "cpu-bound-threads-and-the-gil";
    private static final String HALF = "About half the time";
    private static final String SAME = "About the same time, or a little longer";
    private static final String TWICE = "Twice as long";
    private static final String MEASURING_PRESET = "Two threads, GIL on";
    /** A prediction reaching the instructor's histogram, or a reveal reaching a student page: one SSE event and a swap. */
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How far a drawn bar may be from its exact share, in device pixels: the edge pixel Chromium blends, and the
     * screenshot of an element that starts between two pixels.
     */
    private static final int DRAWN_SLACK_PX = 3;

    private ChromeDriver join(ChromeDriver browser, String code, String name) {
        browser.get(url("/join/" + code));
        browser.findElement(By.name("displayName")).sendKeys(name);
        browser.findElement(By.cssSelector(".join-form button[type=submit]")).click();
        BrowserWait.upTo(browser, SWAP_TIMEOUT).until(d -> !d.findElements(By.id("class-poll-box")).isEmpty());
        return browser;
    }

    private static void predict(ChromeDriver student, String choice) {
        student.findElement(By.xpath("//fieldset[contains(@class,'prediction')]//input[@value='" + choice + "']")).click();
        BrowserWait.upTo(student, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.id("prediction-receipt")).getText().contains(choice));
    }

    @Autowired
    ApplicationContext app;

    /** The app's database outlives this test: CPython's figure it kept is not the next browser test's. */
    @AfterEach
    void forgetCPythonsFigures() {
        KeptCPythonFigures.in(app).forget(LESSON);
    }

    /** The console's vote count; htmx swaps the poll as its stream speaks, so a read cut by a swap is read again. */
    private int instructorVotes() {
        return BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> Integer.parseInt(d.findElement(By.id("instructor-poll")).getDomAttribute("data-votes")));
    }

    @Test
    void studentsPredictTheInstructorSeesTheHistogramLiveAndRevealsItBesideTheMeasuredAnswer() throws Exception {
        open("/signin", 1280, 1000);
        signInAsInstructor();
        driver.get(url("/instructor/classes"));
        new Select(driver.findElement(By.name("lessonId"))).selectByValue(LESSON);
        driver.findElement(By.cssSelector(".open-class button[type=submit]")).click();
        String code = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> d.findElement(By.cssSelector(".join-code"))).getText();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> !d.findElements(By.cssSelector("#instructor-poll[data-votes]")).isEmpty());
        assertThat(instructorVotes()).isZero();

        ChromeDriver ada = join(startBrowser(1280, 1000), code, "Ada");
        ChromeDriver grace = join(startBrowser(1280, 1000), code, "Grace");
        ChromeDriver alan = join(startPhone(375, 800), code, "Alan");
        predict(ada, HALF);
        predict(grace, HALF);
        predict(alan, SAME);
        BrowserWait.upTo(driver, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> instructorVotes() == 3);
        WebElement half = driver.findElement(By.cssSelector("#instructor-poll .histogram-row[data-choice='" + HALF + "']"));
        assertThat(half.getDomAttribute("data-votes")).isEqualTo("2");
        assertThat(half.getText()).contains("Ada, Grace");
        assertThat(ada.findElement(By.id("class-poll")).getText()).as("hidden from students")
                .doesNotContain("%").contains("Your instructor will show");
        Map<String, DrawnBar> live = assertBarsDrawnInProportion(driver, Map.of(HALF, 2, SAME, 1, TWICE, 0));
        System.out.printf("Poll histogram as drawn, instructor's console (1280 px), votes 2/1/0: %s%n", live);
        scrollTo(driver, "instructor-poll");
        Browser.screenshot(driver, "poll-instructor-histogram");

        predict(alan, HALF);
        BrowserWait.upTo(driver, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "3".equals(d.findElement(By.cssSelector("#instructor-poll .histogram-row[data-choice='" + HALF + "']"))
                        .getDomAttribute("data-votes")));
        assertThat(instructorVotes()).as("Alan changed his mind: still three").isEqualTo(3);
        predict(alan, SAME);

        // The instructor presents the preset that measures the answer; the students ran nothing themselves, and each
        // reads under the presented run the prediction they made in the poll.
        driver.findElement(By.xpath("//button[contains(@class,'present-preset') and normalize-space()='"
                + MEASURING_PRESET + "']")).click();
        awaitRunDone(null);
        assertThat(predictionUnderTheResult(grace)).isEqualTo("You predicted " + HALF + " in the class's poll.");
        assertThat(predictionUnderTheResult(alan)).as("his changed mind").isEqualTo("You predicted " + SAME + " in the class's poll.");

        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> !d.findElements(By.cssSelector("#instructor-poll[data-votes]")).isEmpty());
        KeptCPythonFigures.in(app).save(LESSON, MEASURING_PRESET, 1.02, Instant.parse("2026-12-06T12:04:00Z"));
        driver.findElement(By.cssSelector("button.poll-reveal")).click();
        String sentence = BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> d.findElements(By.cssSelector("#instructor-poll .poll-sentence")).stream()
                        .map(WebElement::getText).findFirst().orElse(null));
        assertThat(sentence).matches("67% predicted “About half the time”; measured [0-9.]+×(: “.+”|, which no choice "
                + "covers); (but )?CPython 3\\.11\\.7 on this server measured 1\\.02×(: |, which supports another "
                + "answer: )“" + SAME + "” \\(2026-12-06 12:04 UTC\\)\\.");

        for (ChromeDriver student : List.of(ada, grace, alan)) {
            String shown = BrowserWait.upTo(student, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class)
                    .until(d -> d.findElements(By.cssSelector("#class-poll-result .poll-sentence")).stream()
                            .map(WebElement::getText).findFirst().orElse(null));
            assertThat(shown).as("every student page shows the reveal beside the measured answer").isEqualTo(sentence);
            assertThat(student.findElement(By.id("class-poll")).getText()).as("without the names").doesNotContain("Grace");
            assertThat(student.findElement(By.cssSelector("#class-poll .histogram-row[data-choice='" + SAME + "']"))
                    .getText()).as("CPython's choice marked in words").contains("what CPython measured");
        }
        assertBarsDrawnInProportion(driver, Map.of(HALF, 2, SAME, 1, TWICE, 0));
        Map<String, DrawnBar> phone = assertBarsDrawnInProportion(alan, Map.of(HALF, 2, SAME, 1, TWICE, 0));
        System.out.printf("Poll histogram as drawn, revealed on a phone (375 px, 3 device px each): %s%n", phone);

        // A revealed round takes no new choice: the choices are closed, with the one the poll holds checked.
        BrowserWait.upTo(alan, LIVE_TIMEOUT).until(d -> d.findElements(By.cssSelector("input[name=prediction]")).stream()
                .noneMatch(WebElement::isEnabled));
        assertThat(alan.findElement(By.cssSelector("input[name=prediction]:checked")).getDomAttribute("value"))
                .isEqualTo(SAME);

        scrollTo(driver, "instructor-poll");
        Browser.screenshot(driver, "poll-instructor-revealed");
        scrollTo(ada, "class-poll");
        Browser.screenshot(ada, "poll-student-revealed");
        scrollTo(alan, "class-poll");
        Browser.screenshot(alan, "poll-student-revealed-phone");

        // A second vote: the students' choices clear, the reveal goes away until the next one, and the answer under
        // the presented run says that this student has not predicted in it yet.
        driver.findElement(By.cssSelector("button.poll-reset")).click();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> "2".equals(d.findElement(By.id("instructor-poll")).getDomAttribute("data-round")));
        BrowserWait.upTo(ada, LIVE_TIMEOUT).until(d -> !d.findElement(By.id("class-poll-result")).isDisplayed()
                && d.findElements(By.cssSelector("input[name=prediction]:checked")).isEmpty()
                && d.findElements(By.cssSelector("input[name=prediction]")).stream().allMatch(WebElement::isEnabled));
        BrowserWait.upTo(grace, LIVE_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.cssSelector("#lesson-answer .predicted")).getText().startsWith("You have not predicted"));
        predict(grace, TWICE);
        BrowserWait.upTo(grace, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                predictionUnderTheResult(grace).equals("You predicted " + TWICE + " in the class's poll."));
    }

    /** The answer's sentence about the prediction, under the run a student's page shows. */
    private static String predictionUnderTheResult(ChromeDriver student) {
        return BrowserWait.upTo(student, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElements(By.cssSelector("#run-status #lesson-answer .predicted")).stream()
                        .map(WebElement::getText).findFirst().orElse(null));
    }

    /**
     * Measures each choice's bar as the browser drew it and checks that it is as long as the choice's share of the
     * votes, within {@link #DRAWN_SLACK_PX}; returns the measurements, by choice.
     */
    private static Map<String, DrawnBar> assertBarsDrawnInProportion(ChromeDriver browser, Map<String, Integer> votes) {
        int total = votes.values().stream().mapToInt(Integer::intValue).sum();
        Map<String, DrawnBar> drawn = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector(".histogram-row"))) {
            String choice = row.getDomAttribute("data-choice");
            ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", row);
            DrawnBar bar = DrawnBar.of(row.findElement(By.cssSelector(".histogram-bar")));
            drawn.put(choice, bar);
            double expected = bar.width() * votes.get(choice) / (double) total;
            assertThat((double) bar.filled()).as("%s: %d of %d votes, drawn %s", choice, votes.get(choice), total, bar)
                    .isCloseTo(expected, offset((double) DRAWN_SLACK_PX));
        }
        assertThat(drawn).as("a bar for every choice").containsOnlyKeys(votes.keySet());
        return drawn;
    }

    private static void scrollTo(ChromeDriver browser, String id) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }
}
