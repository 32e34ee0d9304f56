package lab.gil.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lab.gil.cpython.PythonBuilds;
import lab.gil.testdata.TestDataFolder;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The instructor's fidelity page in a real browser: one press of "Re-measure every preset" runs every preset in the
 * emulation and in CPython, and the table then lists each with both figures. The server has a lessons folder of its
 * own holding two of the project's lessons unchanged (seven presets: threads with and without the GIL, threads and
 * processes passing items through a queue), so that the whole check takes a minute or so, not the full catalog's
 * many.
 */
class FidelityBrowserTest extends BrowserTestBase {

    /** The lessons copied from lessons/, by id: their files are named "NN-id.md", NN their place in the course. */
    private static final List<String> LESSONS = List.of("cpu-bound-threads-and-the-gil", "producer-consumer");
    /** Fourteen runs (seven presets, two engines), each seconds long, each with its one-worker run: room for a busy CI. */
    private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(4);
    /** The free-threaded preset, which CPython runs only where a free-threaded build is. */
    private static final String FREE_THREADED = "Two threads, free-threaded";
    private static final int PHONE_WIDTH = 375;
    /** A figure in a cell: "1.02×", "3.10 s", the answer's named first ("Speedup 0.98×"). */
    private static final String FIGURE = "([A-Z][a-z ]+ )?\\d[\\d,]*\\.\\d\\d( s|×)";

    @DynamicPropertySource
    static void ownLessonsFolder(DynamicPropertyRegistry registry) throws IOException {
        Path folder = TestDataFolder.create("lessons");
        for (String id : LESSONS) {
            try (Stream<Path> files = Files.list(Path.of("lessons"))) {
                Path lesson = files.filter(f -> f.getFileName().toString().matches("\\d+-" + id + "\\.md"))
                        .findFirst().orElseThrow(() -> new IllegalStateException("no lesson " + id + " in lessons/"));
                Files.copy(lesson, folder.resolve(lesson.getFileName()));
            }
        }
        registry.add("gillab.lessons.dir", folder::toString);
    }

    @Autowired
    PythonBuilds builds;

    @Test
    void oneReMeasureListsEveryPresetWithBothFigures() throws Exception {
        String python = "CPython " + builds.main().orElseThrow(() -> new AssertionError(
                "this test needs the server's python3 (the Docker image and CI install it)")).version();
        boolean freeThreadedHere = builds.choose(lab.gil.cpython.Needs.FREE_THREADED).found();
        open("/signin", 1400, 1200);
        signInAsInstructor();
        driver.get(url("/instructor/fidelity"));
        assertThat(driver.findElement(By.className("presets-count")).getText()).isEqualTo("7");
        assertThat(driver.findElement(By.className("measured-count")).getText()).isEqualTo("0");
        Browser.screenshot(driver, "cpython-fidelity-before");

        long started = System.nanoTime();
        driver.findElement(By.cssSelector("button.remeasure")).click();
        BrowserWait.upTo(driver, SWAP_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d ->
                "true".equals(d.findElement(By.id("fidelity-progress")).getDomAttribute("data-running")));
        assertThat(driver.findElement(By.id("fidelity-progress")).getDomAttribute("data-total")).isEqualTo("14");
        Browser.screenshot(driver, "cpython-fidelity-measuring");
        // The progress ends the check, then the page fetches the table again by itself.
        BrowserWait.upTo(driver, CHECK_TIMEOUT).ignoring(StaleElementReferenceException.class).until(d -> {
            WebElement progress = d.findElement(By.id("fidelity-progress"));
            return "false".equals(progress.getDomAttribute("data-running"))
                    && !"0".equals(d.findElement(By.className("measured-count")).getText());
        });
        System.out.printf("The fidelity check of 7 presets took %.0f s%n", (System.nanoTime() - started) / 1e9);
        assertThat(driver.findElement(By.id("fidelity-progress")).getDomAttribute("data-done")).isEqualTo("14");
        assertThat(driver.findElement(By.className("check-now")).getText()).isEqualTo("Checked 7 presets in both engines.");

        Map<String, String> lessons = Map.of("cpu-bound-threads-and-the-gil", "speedup",
                "producer-consumer", "time-ratio");
        List<WebElement> groups = driver.findElements(By.cssSelector("table.fidelity tbody[data-lesson-id]"));
        assertThat(groups).extracting(g -> g.getDomAttribute("data-lesson-id"))
                .containsExactlyInAnyOrderElementsOf(lessons.keySet());
        for (WebElement group : groups) {
            WebElement answer = group.findElement(By.className("lesson-answer-check"));
            assertThat(answer.getText()).contains("answer read from " + lessons.get(group.getDomAttribute("data-lesson-id")));
            assertThat(answer.findElement(By.className("emulation-answer")).getText()).isNotEqualTo("–");
            assertThat(answer.findElement(By.className("cpython-answer")).getText()).isNotEqualTo("–");
        }

        List<WebElement> rows = driver.findElements(By.cssSelector("table.fidelity tr.preset-row"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-preset")).containsExactlyInAnyOrder(
                "One thread, GIL on", "Two threads, GIL on", FREE_THREADED, "Threads, one producer, two consumers",
                "Processes, one producer, two consumers", "Threads, a slow producer", "Processes, a slow producer");
        for (WebElement row : rows) {
            String preset = row.getDomAttribute("data-preset");
            System.out.println("Fidelity row: " + row.getText().replace('\n', ' '));
            String measured = row.findElement(By.className("measured-at")).getText();
            assertThat(measured).as(preset).containsPattern("emulation: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
            List<WebElement> emulation = row.findElements(By.cssSelector("td.emulation"));
            List<WebElement> cpython = row.findElements(By.cssSelector("td.cpython"));
            assertThat(emulation).as(preset + ": wall and CPU time, with or without the answer's figure")
                    .hasSizeBetween(2, 3).hasSameSizeAs(cpython);
            for (WebElement cell : emulation) {
                assertThat(cell.getText()).as(preset + ", the emulation").matches(FIGURE);
            }
            if (preset.equals(FREE_THREADED) && !freeThreadedHere) {
                assertThat(row.getDomAttribute("data-measured")).as("checked: in CPython, found unavailable")
                        .isEqualTo("true");
                assertThat(cpython).extracting(WebElement::getText).containsOnly("–");
                assertThat(measured).as(preset)
                        .contains("CPython: ").contains("unavailable. This scenario needs a free-threaded CPython");
                continue;
            }
            assertThat(row.getDomAttribute("data-measured")).as(preset).isEqualTo("true");
            for (WebElement cell : cpython) {
                assertThat(cell.getText()).as(preset + ", CPython").matches(FIGURE);
            }
            for (WebElement ratio : row.findElements(By.cssSelector("td.ratio"))) {
                assertThat(ratio.getText()).as(preset + ", ratio").matches("\\d+\\.\\d\\d( over 10% off)?|same");
            }
            assertThat(measured).as(preset).containsPattern("CPython: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, "
                    + python.replace(".", "\\."));
        }
        assertThat(driver.findElement(By.className("measured-count")).getText()).isEqualTo("7");
        if (!freeThreadedHere) {
            assertThat(driver.findElement(By.className("unavailable-count")).getText()).isEqualTo("1");
        }
        driver.executeScript("document.getElementById('fidelity-table').scrollIntoView()");
        Browser.screenshot(driver, "cpython-fidelity-after");

        // The same table on a phone: it scrolls inside its box, the page does not run off the screen.
        var phone = startPhone(PHONE_WIDTH, 812);
        driver = phone;
        driver.get(url("/signin"));
        signInAsInstructor();
        driver.get(url("/instructor/fidelity"));
        assertThat(driver.findElements(By.cssSelector("table.fidelity tr.preset-row"))).hasSize(7);
        assertThat(((Number) driver.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("page width: nothing runs off the side of the screen").isLessThanOrEqualTo(PHONE_WIDTH);
        Browser.screenshot(driver, "cpython-fidelity-phone");
    }
}
