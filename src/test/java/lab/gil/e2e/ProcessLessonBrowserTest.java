package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What a student sees when a lesson runs on worker processes, in real headless Chromium against the whole app. */
@Tag("browser")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "server.address=127.0.0.1")
class ProcessLessonBrowserTest {

    /** Two small process runs (the one-process baseline first) with workers started cold, on a slow machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    private ChromeDriver driver;

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void eachProcessCountsInItsOwnCounterAndTheServersStaysZero() throws Exception {
        driver = Browser.start(1400, 1400);
        driver.get("http://127.0.0.1:" + port + "/lessons/copying-vs-sharing");
        driver.findElement(By.xpath("//button[contains(@class,'preset') and normalize-space()='A counter in each process']")).click();
        new WebDriverWait(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "processes".equals(d.findElement(By.cssSelector("#knobs select[name=executor]")).getDomProperty("value")));
        driver.findElement(By.cssSelector("button.run")).click();
        new WebDriverWait(driver, RUN_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "done".equals(d.findElement(By.id("run-status")).getDomAttribute("data-run-state")));

        assertThat(driver.findElement(By.cssSelector("#run-status .counter")).getText()).isEqualTo("0");
        assertThat(driver.findElement(By.cssSelector("#run-status .process-counters")).getText())
                .isEqualTo("100000, 100000");
        assertThat(driver.findElement(By.cssSelector("#run-status .gil-per-process")).getText()).startsWith("one per process");
        assertThat(Double.parseDouble(driver.findElement(By.cssSelector("#run-status .worker-ready")).getText()))
                .as("a worker's measured start-up").isPositive();
        WebElement lanes = driver.findElement(By.id("lanes-canvas"));
        assertThat(Integer.parseInt(lanes.getDomAttribute("data-changes"))).as("state changes drawn").isGreaterThan(2);
        driver.executeScript("document.getElementById('run-status').scrollIntoView()");
        Browser.screenshot(driver, "processes-own-counters");
    }
}
