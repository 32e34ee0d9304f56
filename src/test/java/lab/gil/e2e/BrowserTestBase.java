package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole app on a random loopback port, with the test instructor account ({@link TestInstructor}), and headless
 * Chromium browsers, quit after each test. After each test, every browser it started must have a clean console: no
 * Content Security Policy violation, no failed load, no script error on any page it showed, in any state, unless
 * the test said it provoked one ({@link #expectOnConsole}).
 */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", TestInstructor.HASH_PROPERTY})
abstract class BrowserTestBase {

    /** A small run plus its one-worker baseline, with room for a slow, shared CI machine. */
    static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    /** An htmx request and its swap. */
    static final Duration SWAP_TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    /** The browser of the current test, once it has opened a page. */
    ChromeDriver driver;

    /** The consoles of every browser this test started, the first one's first. */
    private final List<BrowserConsole> consoles = new ArrayList<>();
    /** Console errors this test provokes on purpose, each as a piece of the message. */
    private final List<String> expectedOnConsole = new ArrayList<>();

    /** Starts Chromium at that window size (with any extra flags) and opens {@code path} of the app. */
    ChromeDriver open(String path, int width, int height, String... flags) {
        driver = startBrowser(width, height, flags);
        driver.get(url(path));
        return driver;
    }

    /** Starts another Chromium at that window size, whose console is checked after the test and which quits then. */
    ChromeDriver startBrowser(int width, int height, String... flags) {
        return watched(Browser.start(width, height, flags), width + "x" + height);
    }

    /** Starts a phone ({@link Browser#startPhone}), checked and quit after the test like every browser. */
    ChromeDriver startPhone(int width, int height) {
        return watched(Browser.startPhone(width, height), "phone " + width + "x" + height);
    }

    /** Starts Chromium with its network log ({@link Browser#startWithNetworkLog}), checked and quit like every browser. */
    ChromeDriver startBrowserWithNetworkLog(int width, int height) {
        return watched(Browser.startWithNetworkLog(width, height), width + "x" + height + " with its network log");
    }

    private ChromeDriver watched(ChromeDriver browser, String size) {
        consoles.add(new BrowserConsole("browser " + (consoles.size() + 1) + " (" + size + ")", browser));
        return browser;
    }

    /** Says that this test provokes console errors containing {@code piece} on purpose: they are not defects. */
    void expectOnConsole(String piece) {
        expectedOnConsole.add(piece);
    }

    /** What the browsers' consoles reported so far that is not expected, each entry with its browser's name. */
    List<String> consoleProblems() {
        consoles.forEach(BrowserConsole::read);
        return consoles.stream().flatMap(c -> c.problems(expectedOnConsole).stream()).toList();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /**
     * Signs in as the test instructor through the real sign-in form, in the browser that is open, and waits until the
     * page it lands on has loaded (the instructor's page, or the page that sent it to sign in).
     */
    void signInAsInstructor() {
        signIn(TestInstructor.USERNAME, TestInstructor.PASSWORD);
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> !d.findElements(By.cssSelector(".signed-in")).isEmpty());
    }

    /** Fills in and sends the sign-in form, opening the sign-in page first if the browser is elsewhere. */
    void signIn(String username, String password) {
        if (!driver.getCurrentUrl().startsWith(url("/signin"))) {
            driver.get(url("/signin"));
        }
        driver.findElement(By.name("username")).clear();
        driver.findElement(By.name("username")).sendKeys(username);
        driver.findElement(By.name("password")).sendKeys(password);
        driver.findElement(By.cssSelector(".signin-form button[type=submit]")).click();
    }

    /** Presses a preset and waits until its knobs have arrived: the knob at {@code knob} shows {@code value}. */
    void choosePreset(String preset, String knob, String value) {
        driver.findElement(By.xpath("//button[contains(@class,'preset') and normalize-space()='" + preset + "']")).click();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                value.equals(d.findElement(By.cssSelector("#knobs " + knob)).getDomProperty("value")));
    }

    /** The id of the run the status shows, or null before the first run. */
    String shownRunId() {
        return driver.findElement(By.id("run-status")).getDomAttribute("data-run-id");
    }

    /** Waits until a run other than {@code before} is done; the status element is replaced as the run moves on. */
    void awaitRunDone(String before) {
        awaitRunIn(before, "done", RUN_TIMEOUT);
    }

    /** Waits until a run other than {@code before} has reached {@code state} (a state id: done, failed...). */
    void awaitRunIn(String before, String state, Duration timeout) {
        BrowserWait.upTo(driver, timeout).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement status = d.findElement(By.id("run-status"));
            String id = status.getDomAttribute("data-run-id");
            return id != null && !id.equals(before) && state.equals(status.getDomAttribute("data-run-state"));
        });
    }

    /**
     * Waits until a run other than {@code before} has ended (done, failed or cancelled) and returns its id; fails
     * at once with the form's messages when the server refused to start it.
     */
    String awaitRunEnd(String before) {
        return BrowserWait.upTo(driver, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d -> {
            List<WebElement> refused = d.findElements(By.cssSelector("#scenario-errors li"));
            if (!refused.isEmpty()) {
                throw new AssertionError("The form was refused: " + refused.stream().map(WebElement::getText).toList());
            }
            WebElement status = d.findElement(By.id("run-status"));
            String id = status.getDomAttribute("data-run-id");
            String state = status.getDomAttribute("data-run-state");
            boolean ended = "done".equals(state) || "failed".equals(state) || "cancelled".equals(state);
            return id != null && !id.equals(before) && ended ? id : null;
        });
    }

    /** Presses Run and waits until that run is done. */
    void runAndAwaitDone() {
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        awaitRunDone(before);
    }

    /** Reads every console, quits every browser, then fails on what a console reported. */
    @AfterEach
    void checkConsolesAndQuitBrowsers() {
        List<String> problems;
        try {
            problems = consoleProblems();
        } finally {
            consoles.forEach(BrowserConsole::quit);
        }
        assertThat(problems).as("errors on the browsers' consoles").isEmpty();
    }
}
