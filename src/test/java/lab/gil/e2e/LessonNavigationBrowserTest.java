package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lab.gil.cores.CoreStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A page a student leaves lets go of its live streams, even when the browser keeps the page for Back: a browser
 * opens at most six connections to one server, so streams held by pages put away would make the page in front of
 * the student wait for a free connection.
 */
class LessonNavigationBrowserTest extends BrowserTestBase {

    /** How long the server may take to notice a closed stream: its next sample, with room for a slow machine. */
    static final Duration STREAM_CLOSED_TIMEOUT = Duration.ofSeconds(10);
    /** Seven pages in a row: one more than the connections a browser opens to one server. */
    static final List<String> LESSONS = List.of("cores-and-threads", "cpu-bound-threads-and-the-gil",
            "cpu-bound-processes", "io-bound-threads", "c-extensions-release-the-gil", "starting-processes",
            "race-conditions");

    @Autowired
    CoreStream cores;

    @Test
    void lessonsLeftBehindCloseTheirStreamsAndAPageBroughtBackOpensItsOwnAgain() {
        open("/lessons/" + LESSONS.getFirst(), 1200, 900);
        awaitFirstSample();
        for (String lesson : LESSONS.subList(1, LESSONS.size())) {
            driver.get(url("/lessons/" + lesson));
            awaitFirstSample();
        }
        awaitSubscribers("only the page in front of the student streams the cores");

        driver.navigate().back();
        awaitFirstSample();
        awaitSubscribers("the page brought back streams again, and the one left closed its stream");
        assertThat(driver.getCurrentUrl()).endsWith("/lessons/" + LESSONS.get(LESSONS.size() - 2));
    }

    /** Waits until the page's per-core chart has drawn a sample, so that its stream is open. */
    private void awaitFirstSample() {
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d ->
                d.findElement(By.id("core-chart-readout")).getText().startsWith("Now:"));
    }

    private void awaitSubscribers(String why) {
        BrowserWait.upTo(driver, STREAM_CLOSED_TIMEOUT).withMessage(() -> why + ": "
                + cores.channel().subscriberCount() + " subscribers").until(d -> cores.channel().subscriberCount() == 1);
    }
}
