package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A class in four browsers: an instructor opens a class, three students (one on a phone) join by its code, the
 * instructor locks the GIL and every student page shows it within a second, a student's run uses the class's GIL
 * whatever the preset says, and a run the instructor presents draws its lanes on every student's page.
 */
class ClassroomBrowserTest extends BrowserTestBase {

    /**
     * The promise: a change of the class's knobs reaches every student page within a second. Measured
     * here: 0.1-0.17 s on a quiet machine; up to 1.6 s for a first change while other builds kept both cores busy.
     */
    static final Duration BROADCAST_LIMIT = Duration.ofSeconds(1);
    /** How often the test looks at a student page while timing a broadcast; the page records the instant itself. */
    static final Duration POLL = Duration.ofMillis(20);

    /** The students' browsers (the base class checks their consoles and quits them). */
    private final List<ChromeDriver> students = new ArrayList<>();

    @Test
    void aClassFollowsItsInstructorsKnobsAndPresentedRun() throws Exception {
        open("/signin", 1280, 1100);
        signInAsInstructor();
        String code = openClassFor("cores-and-threads");

        students.add(join(startBrowser(1200, 1000), code, "Ada"));
        students.add(join(startBrowser(1200, 1000), code.toLowerCase().substring(0, 3) + " " + code.substring(3), ""));
        students.add(join(startPhone(375, 800), code, "Grace <3"));
        awaitText(driver, By.cssSelector("#members .connected-count"), "3");
        assertThat(driver.findElement(By.id("members")).getText()).contains("Ada").contains("Grace <3").contains("anonymous");

        // Timed after one change, which pays for what a server does the first time (templates, classes, compiling):
        // each page's median over three changes must be within the limit. Every figure is printed.
        lockClassKnobs("free-threaded");
        List<List<Duration>> timed = List.of(lockClassKnobs("gil"), lockClassKnobs("free-threaded"), lockClassKnobs("gil"));
        System.out.printf("Class GIL broadcast, instructor's click to each of 3 student pages, 3 changes: %s%n", timed);
        for (int page = 0; page < students.size(); page++) {
            int p = page;
            List<Duration> pageTimes = timed.stream().map(change -> change.get(p)).sorted().toList();
            assertThat(pageTimes.get(1)).as("median for student page %d of %s", page, pageTimes).isLessThan(BROADCAST_LIMIT);
        }

        // The preset says free-threaded; the class says gil, and the class wins.
        ChromeDriver ada = students.getFirst();
        assertThat(ada.findElement(By.cssSelector("#knobs select[name=gil]")).getDomProperty("value")).isEqualTo("gil");
        assertThat(ada.findElement(By.cssSelector("#knobs select[name=gil]")).isEnabled()).isFalse();
        assertThat(ada.findElement(By.id("knobs")).getDomProperty("textContent")).contains("set by your instructor");
        String studentRun = runPreset(ada, "Two threads");
        assertThat(exportOf(ada, studentRun)).contains("\"gil\":\"gil\"").doesNotContain("\"gil\":\"free-threaded\"");

        lockClassKnobs("free-threaded");

        Browser.screenshot(driver, "classroom-instructor-console");
        String presented = present("Two threads");
        for (ChromeDriver student : students) {
            awaitPresentedLanes(student, presented);
        }
        assertThat(exportOf(ada, presented)).contains("\"gil\":\"free-threaded\"");
        Browser.screenshot(driver, "classroom-instructor-presenting");
        Browser.screenshot(ada, "classroom-student");
        ada.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(ada, "classroom-student-lanes");
        Browser.screenshot(students.getLast(), "classroom-student-phone");

        driver.findElement(By.cssSelector("#class-settings button.unlock")).click();
        BrowserWait.upTo(ada, SWAP_TIMEOUT).until(d ->
                d.findElement(By.cssSelector("#knobs select[name=gil]")).isEnabled());
        assertThat(ada.findElement(By.id("knobs")).getDomProperty("textContent")).doesNotContain("set by your instructor");
    }

    /** Opens a class from the instructor's page and returns its join code, as the console shows it. */
    private String openClassFor(String lessonId) {
        driver.get(url("/instructor/classes"));
        new Select(driver.findElement(By.name("lessonId"))).selectByValue(lessonId);
        driver.findElement(By.cssSelector(".open-class button[type=submit]")).click();
        String code = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d ->
                d.findElements(By.cssSelector(".join-code")).stream().map(WebElement::getText).findFirst().orElse(null));
        assertThat(code).matches("[A-HJ-NP-Z2-9]{6}");
        return code;
    }

    /** Joins a class through the join form, as typed; waits for the lesson page with its class bar. */
    private ChromeDriver join(ChromeDriver student, String typedCode, String name) {
        student.get(url("/join"));
        student.findElement(By.name("code")).sendKeys(typedCode);
        student.findElement(By.name("displayName")).sendKeys(name);
        student.findElement(By.cssSelector(".join-form button[type=submit]")).click();
        BrowserWait.upTo(student, SWAP_TIMEOUT).until(d -> !d.findElements(By.id("class-bar")).isEmpty());
        assertThat(student.getCurrentUrl()).endsWith("/lessons/cores-and-threads");
        return student;
    }

    /**
     * Locks the class's GIL from the console and times how long each student page takes to show it: each page
     * notes the instant its class bar changes, the instructor's page the instant of the click (one machine, one
     * clock).
     */
    private List<Duration> lockClassKnobs(String gil) {
        for (ChromeDriver student : students) {
            student.executeScript("""
                    const bar = document.getElementById('class-bar');
                    window.classBarSeen = {};
                    new MutationObserver(() => {
                      const key = bar.dataset.locked + '/' + bar.dataset.gil;
                      if (!(key in window.classBarSeen)) window.classBarSeen[key] = Date.now();
                    }).observe(bar, { attributes: true });""");
        }
        new Select(driver.findElement(By.cssSelector("#class-settings select[name=gil]"))).selectByValue(gil);
        long clickedAt = (Long) driver.executeScript(
                "const t = Date.now(); arguments[0].click(); return t;",
                driver.findElement(By.cssSelector("#class-settings button.lock")));
        List<Duration> latencies = new ArrayList<>();
        for (ChromeDriver student : students) {
            Long seenAt = new WebDriverWait(student, SWAP_TIMEOUT, POLL).until(d ->
                    (Long) ((ChromeDriver) d).executeScript("return window.classBarSeen['true/" + gil + "'] ?? null;"));
            latencies.add(Duration.ofMillis(seenAt - clickedAt));
            assertThat(student.findElement(By.cssSelector("#class-bar .class-gil")).getText()).isEqualTo(gil);
        }
        awaitText(driver, By.cssSelector("#class-settings .lock-state strong"), "Locked:");
        return latencies;
    }

    /** Presses a preset and Run on a student's page; returns the run's id. */
    private String runPreset(ChromeDriver student, String preset) {
        student.findElement(By.xpath("//button[contains(@class,'preset') and normalize-space()='" + preset + "']")).click();
        BrowserWait.upTo(student, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "2".equals(d.findElement(By.cssSelector("#knobs input[name=workers]")).getDomProperty("value"))
                        && !d.findElement(By.cssSelector("#knobs select[name=gil]")).isEnabled());
        student.findElement(By.cssSelector("button.run")).click();
        return BrowserWait.upTo(student, SWAP_TIMEOUT).until(d -> statusOf(student, "runId"));
    }

    /** Presents a preset from the console and returns the presented run's id. */
    private String present(String preset) {
        driver.findElement(By.xpath("//button[contains(@class,'present-preset') and normalize-space()='" + preset + "']")).click();
        return BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> statusOf(driver, "runId"));
    }

    /** Waits until a student page shows the presented run, done, with its lanes drawn. */
    private void awaitPresentedLanes(ChromeDriver student, String runId) {
        BrowserWait.upTo(student, RUN_TIMEOUT).until(d ->
                runId.equals(statusOf(student, "runId")) && "done".equals(statusOf(student, "runState")));
        BrowserWait.upTo(student, SWAP_TIMEOUT).until(d -> d.findElement(By.id("lanes")).isDisplayed()
                && !d.findElement(By.id("lanes-readout")).getDomProperty("textContent").isBlank());
        assertThat(student.findElement(By.cssSelector("#class-bar .class-presenting")).isDisplayed()).isTrue();
    }

    /**
     * A data attribute of the run status, read in one script: an active run's status replaces itself every second,
     * and on a busy machine an element found by one WebDriver call is often gone by the next.
     */
    private static String statusOf(ChromeDriver browser, String key) {
        return (String) browser.executeScript(
                "return document.getElementById('run-status')?.dataset[arguments[0]] ?? null;", key);
    }

    /** A run's JSON export, fetched by the page's own session. */
    private static String exportOf(ChromeDriver browser, String runId) {
        return (String) browser.executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch('/runs/' + arguments[0] + '/export.json').then(r => r.text()).then(done);", runId);
    }

    private static void awaitText(ChromeDriver browser, By element, String text) {
        BrowserWait.upTo(browser, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElements(element).stream().anyMatch(e -> e.getText().strip().equals(text)));
    }
}
