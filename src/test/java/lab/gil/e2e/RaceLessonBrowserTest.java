package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The race-conditions lesson's fix as a student runs it: the lock preset without a GIL loses no update, and its
 * lanes show the threads waiting for each other, blocked on the lock, as the run's export records them.
 */
class RaceLessonBrowserTest extends BrowserTestBase {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theLockPresetWithoutAGilLosesNothingAndItsLanesShowThreadsBlockedOnTheLock() throws Exception {
        open("/lessons/race-conditions", 1400, 1400);
        choosePreset("With a lock, free-threaded", "textarea[name=programs]", "incr-lock 2000000");
        runAndAwaitDone();

        assertThat(driver.findElement(By.cssSelector("#run-status .counter")).getText()).isEqualTo("2,000,000");
        assertThat(driver.findElement(By.id("run-status")).getText()).contains("no increment was lost in this run");
        assertThat(driver.findElement(By.id("lanes-legend")).getText()).contains("blocked on a lock");

        String id = shownRunId();
        String csv = http.send(HttpRequest.newBuilder(URI.create(url("/runs/" + id + "/export.csv"))).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(Arrays.stream(csv.split("\n")).filter(row -> row.matches("\\d+,BLOCKED,.*")).count())
                .as("segments of the lanes blocked on the lock, in the export").isPositive();

        driver.executeScript("document.getElementById('lanes-canvas').scrollIntoView()");
        Browser.screenshot(driver, "race-lock-free-threaded");
    }
}
