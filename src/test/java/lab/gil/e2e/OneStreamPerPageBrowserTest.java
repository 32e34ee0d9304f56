package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Classroom;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunWatcher;
import lab.gil.scenario.ScenarioParser;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A page holds one event stream, whatever it shows: a browser opens at most six connections to one server, and a
 * student page that held one stream per feature (the cores, the class, the poll, the run) left a second tab's
 * requests waiting for a free connection. Streams are counted by Chromium's own network log.
 */
class OneStreamPerPageBrowserTest extends BrowserTestBase {

    @Autowired
    Classes classes;

    @Autowired
    RunService runs;

    @Test
    void aStudentPageInAClassHoldsExactlyOneStreamWhileItRunsAndFollowsAPresentedRun() throws Exception {
        Classroom classroom = classes.open("cores-and-threads", TestInstructor.USERNAME);
        driver = startBrowserWithNetworkLog(1200, 1000);
        NetworkLog network = new NetworkLog(driver);
        join(classroom.code());
        awaitSamples(driver);
        List<NetworkLog.Request> streams = network.openEventStreams();
        assertThat(streams).as("the page's one stream").hasSize(1);
        assertThat(streams.getFirst().url()).contains("/events?").contains("cores").contains("class=" + classroom.code());

        choosePreset("Two threads", "input[name=workers]", "2");
        runAndAwaitDone();
        assertThat(network.openEventStreams()).as("following its run, still one stream").hasSize(1)
                .allSatisfy(s -> assertThat(s.url()).contains("run="));

        Run presented = runs.submit(((ScenarioParser.Result.Valid) ScenarioParser.parse(
                Map.of("workers", "2", "programs", "io 20ms"))).scenario(), classroom.lessonId(), null);
        classes.present(classroom, presented.id());
        assertThat(RunWatcher.watch(presented).awaitEnd(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        BrowserWait.upTo(driver, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class)
                .until(d -> presented.id().equals(shownRunId())
                && "done".equals(d.findElement(By.id("run-status")).getDomAttribute("data-run-state")));
        assertThat(network.openEventStreams()).as("following the presented run, still one stream").hasSize(1)
                .allSatisfy(s -> assertThat(s.url()).contains("run=" + presented.id()));
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "one-stream-student-presented-run");
        assertThat(errorsOnConsole(driver)).as("the student page's console").isEmpty();

        ChromeDriver console = startBrowserWithNetworkLog(1280, 1000);
        NetworkLog consoleNetwork = new NetworkLog(console);
        ChromeDriver student = driver;
        driver = console;
        try {
            driver.get(url("/signin"));
            signInAsInstructor();
            driver.get(url("/instructor/classes/" + classroom.code()));
            awaitSamples(driver);
            assertThat(consoleNetwork.openEventStreams()).as("the console's one stream").hasSize(1)
                    .allSatisfy(s -> assertThat(s.url()).contains("console=" + classroom.code()));
            driver.findElement(By.xpath("//button[contains(@class,'present-preset') and normalize-space()='Two threads']"))
                    .click();
            BrowserWait.upTo(driver, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                    "done".equals(d.findElement(By.id("run-status")).getDomAttribute("data-run-state")));
            assertThat(consoleNetwork.openEventStreams()).as("presenting, still one stream").hasSize(1);
            Browser.screenshot(driver, "one-stream-console-presented");
            assertThat(errorsOnConsole(driver)).as("the console's console").isEmpty();
        } finally {
            driver = student;
        }
    }

    @Test
    void twoTabsOfALessonInAClassAndAPresetClickDoNotWaitForAConnection() {
        Classroom classroom = classes.open("cores-and-threads", TestInstructor.USERNAME);
        driver = startBrowser(1200, 1000);
        join(classroom.code());
        awaitSamples(driver);
        driver.switchTo().newWindow(WindowType.TAB);
        driver.get(url("/lessons/cores-and-threads"));
        awaitSamples(driver);
        assertThat(driver.findElements(By.id("class-bar"))).as("the second tab is the class's page too").hasSize(1);

        // Waits at most SWAP_TIMEOUT: with a stream per feature, two such tabs held eight connections and the
        // preset's request waited for one that never came free.
        choosePreset("Two threads", "input[name=workers]", "2");
        String first = driver.getWindowHandles().iterator().next();
        driver.switchTo().window(first);
        choosePreset("Two threads", "input[name=workers]", "2");
    }

    /**
     * What the browser logged as an error: a failed load, a policy violation, an uncaught exception. The favicon,
     * which the browser asks for by itself, is another issue's (16).
     */
    private static List<String> errorsOnConsole(ChromeDriver browser) {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage)
                .filter(m -> !m.contains("/favicon.ico")).toList();
    }

    /** Joins a class through the join form and waits for its lesson page. */
    private void join(String code) {
        driver.get(url("/join"));
        driver.findElement(By.name("code")).sendKeys(code);
        driver.findElement(By.cssSelector(".join-form button[type=submit]")).click();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> !d.findElements(By.id("class-bar")).isEmpty());
    }

    /** Waits until the page's core chart has drawn a few samples: its stream is open and delivering. */
    private static void awaitSamples(ChromeDriver browser) {
        BrowserWait.upTo(browser, SWAP_TIMEOUT).until(d -> {
            String samples = d.findElement(By.id("core-chart-canvas")).getDomAttribute("data-samples");
            return samples != null && Integer.parseInt(samples) >= 3;
        });
    }
}
