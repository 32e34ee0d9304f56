package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Every page, as a browser that enforces the Content-Security-Policy shows it: no inline script, inline style or
 * eval anywhere, including what htmx swaps in and what a run draws, and nothing that fails to load (a favicon the
 * server lacks). The base class fails any browser test whose consoles report a violation or a failed load; this test
 * walks the pages a visitor reaches without a class, and checks that the console check sees what it must.
 */
class ContentSecurityPolicyBrowserTest extends BrowserTestBase {

    @Test
    void noPageBreaksThePolicyOrFailsToLoadAnything() {
        open("/", 1280, 900);
        settle();
        Set<String> lessons = new LinkedHashSet<>();
        for (WebElement link : driver.findElements(By.cssSelector(".lessons a"))) {
            lessons.add(link.getDomAttribute("href"));
        }
        assertThat(lessons).as("the home page lists the lessons").hasSizeGreaterThan(5);
        for (String lesson : lessons) {
            driver.get(url(lesson));
            settle();
        }

        driver.get(url("/lessons/cores-and-threads"));
        driver.findElement(By.cssSelector("input[name=prediction]")).click();
        runAndAwaitDone();
        String run = shownRunId();
        settle();
        driver.get(url("/compare?a=" + run + "&b=" + run));
        settle();

        // A page that is not there is answered with a page that says so; its 404 is the answer, not a defect.
        expectOnConsole("/lessons/no-such-lesson - Failed to load resource: the server responded with a status of 404");
        for (String page : List.of("/lessons/no-such-lesson", "/bench/charts.html?seconds=1", "/signin")) {
            driver.get(url(page));
            settle();
        }
        signInAsInstructor();
        settle();
        driver.get(url("/instructor/classes"));
        settle();

        assertThat(consoleProblems()).isEmpty();
    }

    @Test
    void theConsoleCheckSeesAPolicyViolationAndAFailedLoad() {
        open("/", 1280, 900);
        settle();
        assertThat(consoleProblems()).as("the favicon and everything else loads").isEmpty();
        driver.executeScript("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">inline</p>')");
        driver.executeScript("document.body.insertAdjacentHTML('beforeend', '<img src=\"/css/no-such-image.png\" alt=\"\">')");
        List<String> seen = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> {
            List<String> problems = consoleProblems();
            return problems.size() >= 2 ? problems : null;
        });
        assertThat(seen).anyMatch(p -> p.contains("Content Security Policy"))
                .anyMatch(p -> p.contains("/css/no-such-image.png") && p.contains("404"));
        // Provoked here on purpose, so that the check after the test lets them pass.
        expectOnConsole("Content Security Policy");
        expectOnConsole("/css/no-such-image.png");
    }

    /** Waits until the page has loaded and htmx has nothing in flight. */
    private void settle() {
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> Boolean.TRUE.equals(driver.executeScript(
                "return document.readyState === 'complete' && !document.querySelector('.htmx-request');")));
    }
}
