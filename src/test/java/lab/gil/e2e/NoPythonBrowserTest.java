package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.test.context.TestPropertySource;

/**
 * A server whose configured CPython is not there (as on a machine without python3): the result panel and the
 * instructor's fidelity page say so in words, offer no CPython run, and the emulation runs as ever.
 */
@TestPropertySource(properties = "gillab.cpython.python=" + NoPythonBrowserTest.ABSENT)
class NoPythonBrowserTest extends BrowserTestBase {

    /** A path where no python is. */
    static final String ABSENT = "/nonexistent/gil-lab/python3";
    private static final String SAYS = ABSENT + " was not found on this server, so nothing runs in CPython here;"
            + " the emulation runs as ever. Install CPython 3.10 or newer, or set gillab.cpython.python to one.";

    @Test
    void thePanelSaysCPythonIsMissingAndTheEmulationStillRuns() throws Exception {
        open("/lessons/cpu-bound-threads-and-the-gil", 1400, 1400);
        choosePreset("Two threads, GIL on", "input[name=workers]", "2");
        runAndAwaitDone();

        assertThat(driver.findElement(By.cssSelector("#run-status .speedup")).getText()).matches("\\d+\\.\\d\\d×");
        assertThat(driver.findElement(By.cssSelector("#run-status .wall-time")).getText()).matches("\\d+\\.\\d\\d");
        WebElement beside = driver.findElement(By.cssSelector("#run-status .cpython-beside"));
        assertThat(beside.getDomAttribute("data-compared")).isEqualTo("false");
        assertThat(beside.findElement(By.className("missing")).getText()).isEqualTo(SAYS);
        assertThat(beside.findElements(By.className("run-in-cpython"))).as("no CPython run offered").isEmpty();
        assertThat(beside.findElement(By.className("download-program")).getDomProperty("href"))
                .as("the program still downloads, to run at home")
                .isEqualTo(url("/runs/" + shownRunId() + "/program.py"));
        driver.executeScript("arguments[0].scrollIntoView()", beside);
        Browser.screenshot(driver, "cpython-no-python-panel");
    }

    @Test
    void theFidelityPageSaysCPythonIsMissing() throws Exception {
        open("/signin", 1400, 1000);
        signInAsInstructor();
        driver.get(url("/instructor/fidelity"));
        assertThat(driver.findElement(By.cssSelector(".fidelity-page .no-cpython")).getText()).isEqualTo(SAYS);
        Browser.screenshot(driver, "cpython-no-python-fidelity");
    }
}
