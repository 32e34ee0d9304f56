package lab.gil.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import lab.gil.GilLabApplication;
import lab.gil.interpreter.GilMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

/** A server restarted in the middle of a class loses nothing: the class, its members and settings are on disk. */
class ClassroomRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aClassItsMembersAndItsLockedKnobsSurviveARestartOnTheSameDataFolder() throws Exception {
        String code;
        long memberId;
        String token;
        try (ConfigurableApplicationContext server = start()) {
            Classes classes = server.getBean(Classes.class);
            Classroom opened = classes.open("cores-and-threads", "teacher");
            code = opened.code();
            classes.changeSettings(opened, true, GilMode.FREE_THREADED, Duration.ofMillis(2));
            Classes.JoinResult.Joined joined = (Classes.JoinResult.Joined)
                    classes.join(code, "Ada", java.util.Optional.empty());
            memberId = joined.membership().member().id();
            token = joined.token();
        }
        assertThat(Files.list(dataDir).map(p -> p.getFileName().toString()))
                .as("the embedded database is a file in the data folder").anyMatch(n -> n.startsWith("gil-lab."));

        try (ConfigurableApplicationContext server = start()) {
            Classes classes = server.getBean(Classes.class);
            Classroom kept = classes.findOpen(code).orElseThrow();
            assertThat(kept.settings().locked()).isTrue();
            assertThat(kept.settings().gil()).isEqualTo(GilMode.FREE_THREADED);
            assertThat(kept.settings().switchInterval()).isEqualTo(Duration.ofMillis(2));
            Membership membership = classes.membership(token).orElseThrow();
            assertThat(membership.member().id()).isEqualTo(memberId);
            assertThat(membership.member().displayName()).isEqualTo("Ada");
        }
    }

    /**
     * The whole app on the temporary data folder, with the database URL the app ships with (the tests' own
     * configuration puts every other context in memory).
     */
    private ConfigurableApplicationContext start() throws Exception {
        Properties shipped = new Properties();
        try (var in = new ClassPathResource("application.properties").getInputStream()) {
            shipped.load(in);
        }
        return new SpringApplicationBuilder(GilLabApplication.class)
                .initializers(lab.gil.machine.OneMachineMeasurementPerTestJvm.sharedMeasurement()).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--gil-lab.data-dir=" + dataDir.toAbsolutePath(),
                "--spring.datasource.url=" + shipped.getProperty("spring.datasource.url"));
    }
}
