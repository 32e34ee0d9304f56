package lab.gil.testdata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every application context a test starts a data folder of its own under {@code target/test-data/}, instead
 * of the checkout's {@code ./data}: there the app keeps what a newcomer's first {@code ./mvnw spring-boot:run} must
 * make itself (the generated instructor password), and a test run must leave it as it was
 * ({@link CheckoutDataUntouched}). A test that names its own folder ({@code gil-lab.data-dir}, a restart test's
 * temporary folder) keeps it. Registered for tests only, in {@code src/test/resources/META-INF/spring.factories}.
 */
public class TestDataFolder implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "gil-lab.data-dir";
    /** The folder application.properties names, which only a person running the app may use. */
    static final String CHECKOUTS_OWN = "./data";
    static final Path TEST_DATA = Path.of("target", "test-data");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String named = environment.getProperty(PROPERTY);
        if (named != null && !named.equals(CHECKOUTS_OWN)) {
            return;
        }
        environment.getPropertySources().addFirst(new MapPropertySource("testDataFolder",
                Map.of(PROPERTY, create("context").toString())));
    }

    /** A new, empty data folder under {@code target/test-data/}, named after {@code user}; for a server a test starts. */
    public static Path create(String user) {
        try {
            return Files.createTempDirectory(Files.createDirectories(TEST_DATA), user + "-").toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make a test data folder under " + TEST_DATA.toAbsolutePath(), e);
        }
    }

    /** After the application's own configuration files are read, so that what they name can be told apart. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
