package lab.gil.e2e;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts the system's headless Chromium through the system's chromedriver (Debian's packages): no test tool may
 * download a browser here. Without them the browser tests are skipped on a laptop, but fail under CI.
 */
final class Browser {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {}

    static ChromeDriver start(int width, int height, String... extraArguments) {
        return start(width, height, new ChromeOptions(), false, extraArguments);
    }

    /** A browser whose network requests can be read back through a {@link NetworkLog}. */
    static ChromeDriver startWithNetworkLog(int width, int height) {
        return start(width, height, new ChromeOptions(), true);
    }

    /**
     * A phone: Chromium's mobile emulation at {@code width} CSS px and a device pixel ratio of 3, since headless
     * Chromium will not make a window narrower than 500 px.
     */
    static ChromeDriver startPhone(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setExperimentalOption("mobileEmulation", Map.of(
                "deviceMetrics", Map.of("width", width, "height", height, "pixelRatio", 3.0, "touch", true)));
        return start(Math.max(width, 500), height, options, false);
    }

    private static ChromeDriver start(int width, int height, ChromeOptions options, boolean networkLog,
                                      String... extraArguments) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null && !present) {
            throw new IllegalStateException("CI needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian: chromium chromium-driver)");
        }
        assumeTrue(present, "Chromium and chromedriver are not installed: apt-get install chromium chromium-driver");
        options.setBinary(CHROMIUM.toFile());
        // The console, for tests that read it: Chromium reports every Content-Security-Policy violation there.
        // With the network log, the DevTools events of every request too (see NetworkLog).
        options.setCapability("goog:loggingPrefs",
                networkLog ? Map.of("browser", "ALL", "performance", "ALL") : Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=" + width + "," + height);
        options.addArguments(extraArguments);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(width, height));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return file;
    }
}
