package lab.gil.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * What one browser's console said during a test, kept across pages: Chromium reports there every Content Security
 * Policy violation, every failed load (a 404 favicon, a refused request, a stream that cannot connect) and every
 * uncaught script error. Any of them is a defect, unless the test provoked it on purpose and said so.
 */
final class BrowserConsole {

    private final String name;
    private final ChromeDriver browser;
    /** Every entry read so far; the driver hands each entry out once. */
    private final List<LogEntry> entries = new ArrayList<>();

    BrowserConsole(String name, ChromeDriver browser) {
        this.name = name;
        this.browser = browser;
    }

    /** Reads what the console said since the last read. Call before the browser quits: its log goes with it. */
    void read() {
        entries.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
    }

    /**
     * The errors read so far, each with this browser's name, leaving out those that contain one of {@code expected}:
     * every entry at level SEVERE (errors and failed loads), and a policy violation at any level.
     */
    List<String> problems(List<String> expected) {
        return entries.stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()
                        || e.getMessage().contains("Content Security Policy"))
                .map(LogEntry::getMessage)
                .filter(message -> expected.stream().noneMatch(message::contains))
                .map(message -> name + ": " + message)
                .toList();
    }

    /** Quits the browser. One that died during the test is already gone: the test has failed for that already. */
    void quit() {
        try {
            browser.quit();
        } catch (WebDriverException gone) {
            // Nothing left to quit.
        }
    }
}
