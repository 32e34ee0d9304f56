package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Every page, as a browser that enforces the Content-Security-Policy shows it: no inline script, inline style or
 * eval anywhere, including what htmx swaps in and what a run draws. Chromium reports each violation on its console.
 */
class ContentSecurityPolicyBrowserTest extends BrowserTestBase {

    /** Console messages about the policy, with the page they came from. */
    private final List<String> violations = new ArrayList<>();

    @Test
    void noPageBreaksThePolicy() {
        open("/", 1280, 900);
        settle("/");
        Set<String> lessons = new LinkedHashSet<>();
        for (WebElement link : driver.findElements(By.cssSelector(".lessons a"))) {
            lessons.add(link.getDomAttribute("href"));
        }
        assertThat(lessons).as("the home page lists the lessons").hasSizeGreaterThan(5);
        for (String lesson : lessons) {
            driver.get(url(lesson));
            settle(lesson);
        }

        driver.get(url("/lessons/cores-and-threads"));
        driver.findElement(By.cssSelector("input[name=prediction]")).click();
        runAndAwaitDone();
        String run = shownRunId();
        settle("/lessons/cores-and-threads after a run");
        driver.get(url("/compare?a=" + run + "&b=" + run));
        settle("/compare");

        for (String page : List.of("/lessons/no-such-lesson", "/bench/charts.html?seconds=1", "/signin")) {
            driver.get(url(page));
            settle(page);
        }
        signInAsInstructor();
        settle("/instructor");

        assertThat(violations).isEmpty();
    }

    @Test
    void theConsoleCheckSeesAViolationWhenThereIsOne() {
        open("/", 1280, 900);
        settle("/");
        driver.executeScript("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')");
        new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> {
            collect("/ with an inline style");
            return !violations.isEmpty();
        });
        assertThat(violations.getFirst()).contains("Content Security Policy");
    }

    /** Waits until the page has loaded and htmx has nothing in flight, then reads the console. */
    private void settle(String page) {
        new WebDriverWait(driver, SWAP_TIMEOUT).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return document.readyState === 'complete' && !document.querySelector('.htmx-request');")));
        collect(page);
    }

    private void collect(String page) {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getMessage().contains("Content Security Policy")) {
                violations.add(page + ": " + entry.getMessage());
            }
        }
    }
}
