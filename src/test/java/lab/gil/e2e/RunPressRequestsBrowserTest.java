package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What one press of Run costs the page in requests, counted by Chromium itself from the click until the finished
 * run's result, answer, runs table and history are all on the page: each fact reaches the page by one path.
 */
class RunPressRequestsBrowserTest extends BrowserTestBase {

    /** The press itself, the page's stream following the new run, and the finished run's result. */
    private static final int MAX_REQUESTS_PER_RUN_PRESS = 3;

    @Test
    void aRunPressCostsAtMostThreeRequestsFromTheClickToTheFinishedPage() {
        driver = startBrowserWithNetworkLog(1400, 1000);
        driver.get(url("/lessons/cores-and-threads"));
        NetworkLog network = new NetworkLog(driver);
        driver.findElement(By.cssSelector("input[name=prediction]")).click();
        choosePreset("Two threads", "input[name=workers]", "2");
        network.awaitQuiet(SWAP_TIMEOUT);

        int beforePress = network.mark();
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        String run = awaitRunEnd(before);
        assertThat(driver.findElement(By.id("run-status")).getDomAttribute("data-run-state")).isEqualTo("done");
        WebDriverWait swap = BrowserWait.upTo(driver, SWAP_TIMEOUT);
        swap.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#run-status #lesson-answer .verdict")));
        swap.until(d -> !d.findElements(By.cssSelector("#run-history li[data-run-id='" + run + "']")).isEmpty());
        swap.until(d -> !d.findElements(By.cssSelector("#lesson-runs tr[data-run-id='" + run + "']")).isEmpty());
        network.awaitQuiet(SWAP_TIMEOUT);

        List<NetworkLog.Request> made = network.since(beforePress);
        System.out.printf("Requests of one Run press (%d): %s%n", made.size(), made);
        assertThat(made).as("requests from the Run press to the finished page").hasSizeLessThanOrEqualTo(
                MAX_REQUESTS_PER_RUN_PRESS);
        assertThat(network.openEventStreams()).as("the page's one stream").hasSize(1);
    }
}
