package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** A student runs the GIL lesson with the GIL on and off, compares the two runs, explores them, and exports one. */
class CompareRunsBrowserTest extends BrowserTestBase {

    private void runPreset(String preset) throws Exception {
        runPreset(preset, null);
    }

    /** Runs a preset to its end; with a name, screenshots the lanes once they move, while the run is live. */
    private void runPreset(String preset, String liveScreenshot) throws Exception {
        choosePreset(preset, "select[name=gil]", preset.endsWith("free-threaded") ? "free-threaded" : "gil");
        String before = shownRunId();
        driver.findElement(By.cssSelector("button.run")).click();
        if (liveScreenshot != null) {
            BrowserWait.upTo(driver, RUN_TIMEOUT).until(d -> {
                String changes = d.findElement(By.id("lanes-canvas")).getDomAttribute("data-changes");
                return changes != null && Integer.parseInt(changes) > 20;
            });
            driver.executeScript("document.getElementById('run-status').scrollIntoView()");
            Browser.screenshot(driver, liveScreenshot);
        }
        awaitRunDone(before);
    }

    @Test
    void twoRunsAreComparedOnOneTimeAxisExploredByKeyboardAndExported() throws Exception {
        open("/lessons/cpu-bound-threads-and-the-gil", 1400, 1400);
        driver.findElements(By.cssSelector("input[name=prediction]")).get(1).click();

        runPreset("Two threads, GIL on", "lanes-live");
        WebElement verdict = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#run-status #lesson-answer .verdict")));
        assertThat(driver.findElement(By.cssSelector("#lesson-answer .predicted")).getText())
                .isEqualTo("You predicted About the same time, or a little longer.");
        assertThat(verdict.getText()).startsWith("Your runs: “Two threads, GIL on” ran ");
        WebElement lanes = driver.findElement(By.id("lanes-canvas"));
        lanes.sendKeys("+");
        lanes.sendKeys(".");
        assertThat(driver.findElement(By.id("lanes-hover")).getText()).as("a focused segment is described in words")
                .startsWith("worker 0: ").contains(" from ").contains("(");
        driver.executeScript("document.getElementById('lanes').scrollIntoView()");
        Browser.screenshot(driver, "lanes-zoomed-by-keyboard");

        runPreset("Two threads, free-threaded");
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d -> d.findElements(By.cssSelector("#run-history .runs li")).size() == 2);
        driver.executeScript("document.getElementById('run-history').scrollIntoView()");
        Browser.screenshot(driver, "run-history");
        driver.findElement(By.cssSelector("#run-history button.compare")).click();

        WebElement figure = BrowserWait.upTo(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.attributeToBe(By.id("compare-lanes"), "data-ready", "true")) ? driver.findElement(By.id("compare-lanes")) : null;
        assertThat(figure).isNotNull();
        for (String run : List.of("a", "b")) {
            String changes = driver.findElement(By.id("compare-lanes-" + run)).getDomAttribute("data-changes");
            assertThat(Integer.parseInt(changes)).as("run %s's lanes drawn", run).isGreaterThan(4);
        }
        List<WebElement> figures = driver.findElements(By.cssSelector(".comparison tbody tr"));
        assertThat(figures.getFirst().getText()).startsWith("Wall time").matches("(?s).*\\d\\.\\d\\d s.*\\d\\.\\d\\d s.*");
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d ->
                d.findElement(By.id("compare-lanes-readout-a")).getText().contains("waiting for the GIL"));
        assertThat(driver.findElement(By.id("compare-lanes-readout-b")).getText())
                .as("free-threaded workers never wait for a GIL").doesNotContain("waiting for the GIL");

        WebElement laneA = driver.findElement(By.id("compare-lanes-a"));
        laneA.sendKeys("+", "+", Keys.ARROW_RIGHT, ".");
        assertThat(driver.findElement(By.id("compare-lanes-hover")).getText()).startsWith("A, worker 0: ");
        Browser.screenshot(driver, "compare");

        String exportCsv = driver.findElement(By.cssSelector(".exports a[href$='export.csv']")).getDomAttribute("href");
        Object csv = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);", exportCsv);
        assertThat((String) csv).startsWith("# GIL Lab run ").contains("\nworker,state,start_us,end_us,duration_us\n")
                .contains(",RUNNING,");
        String exportJson = driver.findElement(By.cssSelector(".exports a[href$='export.json']")).getDomAttribute("href");
        Object json = driver.executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.json())"
                        + ".then(j => done(j.run.summary.speedup > 0 && j.trace.changes.length > 0));", exportJson);
        assertThat(json).isEqualTo(true);

        driver.manage().window().setSize(new Dimension(375, 2400));
        driver.navigate().refresh();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(
                ExpectedConditions.attributeToBe(By.id("compare-lanes"), "data-ready", "true"));
        BrowserWait.upTo(driver, SWAP_TIMEOUT).until(d ->
                !d.findElement(By.id("compare-lanes-readout-b")).getText().isEmpty());
        Browser.screenshot(driver, "compare-phone");
        Long overflow = (Long) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling at 375 px").isLessThanOrEqualTo(0L);
    }
}
