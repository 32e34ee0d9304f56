package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The chart benchmark page runs in real Chromium on a high-DPI screen and prints its figures; a timing target is
 * a benchmark's business, so this only checks that the page measured what it says it measures.
 */
class ChartBenchBrowserTest extends BrowserTestBase {

    private static final int SECONDS = 10;
    /** The benchmark's own time plus start-up, with room for a slow machine. */
    private static final Duration BENCH_TIMEOUT = Duration.ofSeconds(SECONDS + 50);

    @Test
    void theChartBenchmarkDrawsSixteenCoresAndSixtyFourLanesAndReportsItsFrameTimes() throws Exception {
        driver = startBrowser(1280, 1000, "--force-device-scale-factor=" + System.getProperty("chart-bench.dpr", "2"));
        // New data on every frame (the stress case), then data at 10 Hz with a cursor moving every frame (a student).
        for (String mode : new String[] {"", "&feed=10"}) {
            driver.get(url("/bench/charts.html?seconds=" + SECONDS + mode
                    + System.getProperty("chart-bench.query", "")));
            BrowserWait.upTo(driver, BENCH_TIMEOUT).until(
                    ExpectedConditions.attributeToBe(By.id("bench-result"), "data-done", "true"));
            String result = driver.findElement(By.id("bench-result")).getText();
            System.out.println("Chart benchmark (headless Chromium, software rendering):\n" + result);
            assertThat(result).contains("16 cores x 600 points").contains("64 lanes").contains("devicePixelRatio")
                    .containsPattern("core chart draw: p50 \\d+\\.\\d\\d ms").containsPattern("lanes draw: p50 \\d+\\.\\d\\d ms");
        }
        Browser.screenshot(driver, "chart-bench");
    }
}
