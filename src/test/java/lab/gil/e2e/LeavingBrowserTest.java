package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lab.gil.run.RunService;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The page's side of the {@code leaving} contract: a server about to stop tells every stream it is leaving, and a
 * page reconnects at once (to whichever server the load balancer gives it), saying where it stopped. This server
 * refuses streams for good once it is leaving, so the test has an app of its own.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class LeavingBrowserTest extends BrowserTestBase {

    /** The page waits a random pause under a second, so that a class does not come back all at once. */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(5);

    @Autowired
    SseStreams streams;

    @Autowired
    RunService runs;

    @Test
    void aPageToldTheServerIsLeavingReconnectsAtOnceSayingWhereItStopped() throws Exception {
        // This server stays "leaving" (nothing takes its place here), so the page's reconnections are refused: 503.
        expectOnConsole("the server responded with a status of 503");
        driver = startBrowserWithNetworkLog(1200, 900);
        driver.get(url("/lessons/cores-and-threads"));
        NetworkLog network = new NetworkLog(driver);
        choosePreset("One thread", "input[name=workers]", "1");
        driver.executeScript("document.querySelector('#knobs textarea[name=programs]').value = 'io 20s'");
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        awaitRunIn(before, "running", RUN_TIMEOUT);
        String run = shownRunId();
        // The first run of a fresh server first waits for the server to measure its machine, its clock at 0.0.
        BrowserWait.upTo(driver, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                !d.findElement(By.cssSelector("#run-status .run-elapsed")).getText().equals("0.0"));
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "lesson-run-running");
        int beforeLeaving = network.mark();

        try {
            streams.leaveAll(Duration.ofSeconds(2));
        } finally {
            runs.find(run).ifPresent(runs::stop);
        }

        NetworkLog.Request back = BrowserWait.upTo(driver, BACK_WITHIN).until(d -> network.since(beforeLeaving).stream()
                .filter(NetworkLog.Request::isEventStream).findFirst().orElse(null));
        assertThat(back.url()).as("the same run, after the last of its events the page saw").contains("run=" + run)
                .containsPattern("lastEventId=[1-9]\\d*").contains("cores").containsPattern("coresAfter=\\d+");
        List<NetworkLog.Request> streamsOpened = network.since(beforeLeaving).stream()
                .filter(NetworkLog.Request::isEventStream).toList();
        assertThat(streamsOpened).as("one stream at a time").allSatisfy(s -> assertThat(s.url()).contains("run=" + run));
    }
}
