package lab.gil.e2e;

import java.time.Duration;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser tests' waits: they look every {@link #POLL}, where Selenium's own look every 500 ms. A wait for a
 * preset's knobs, a run's end or an event's effect is met on average 250 ms after the fact at 500 ms, three or four
 * times per run pressed: about 50 s of the 66 presets' test.
 */
final class BrowserWait {

    /** Often enough that a wait ends within a frame or two of its condition; a look is one WebDriver command. */
    static final Duration POLL = Duration.ofMillis(50);

    private BrowserWait() {
    }

    /** Waits at most {@code timeout} (only reached when broken), looking every {@link #POLL}. */
    static WebDriverWait upTo(WebDriver driver, Duration timeout) {
        return new WebDriverWait(driver, timeout, POLL);
    }
}
