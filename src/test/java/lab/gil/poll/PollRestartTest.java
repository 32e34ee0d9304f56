package lab.gil.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import lab.gil.GilLabApplication;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Classroom;
import lab.gil.classroom.Membership;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.web.MockHttpSession;

/** A server restarted in the middle of a vote loses nothing: rounds, predictions and the reveal are on disk. */
class PollRestartTest {

    private static final String LESSON = "cores-and-threads";

    @TempDir
    Path dataDir;

    @Test
    void aClassesRoundsPredictionsAndRevealSurviveARestartOnTheSameDataFolder() throws Exception {
        String code;
        String adaToken;
        String graceToken;
        try (ConfigurableApplicationContext server = start()) {
            Classes classes = server.getBean(Classes.class);
            Polls polls = server.getBean(Polls.class);
            Classroom classroom = classes.open(LESSON, "teacher");
            code = classroom.code();
            Classes.JoinResult.Joined ada = (Classes.JoinResult.Joined) classes.join(code, "Ada", Optional.empty());
            Classes.JoinResult.Joined grace = (Classes.JoinResult.Joined) classes.join(code, "Grace", Optional.empty());
            adaToken = ada.token();
            graceToken = grace.token();
            polls.predict(ada.membership(), "About half the time");
            polls.predict(grace.membership(), "Longer");
            polls.reveal(classroom, new MockHttpSession());
            polls.reset(classroom, 1);
            polls.predict(ada.membership(), "About the same time");
        }

        try (ConfigurableApplicationContext server = start()) {
            Classes classes = server.getBean(Classes.class);
            Polls polls = server.getBean(Polls.class);
            Classroom classroom = classes.findOpen(code).orElseThrow();
            InstructorPoll poll = polls.forInstructor(classroom);
            assertThat(poll.round().number()).as("the second vote is still the current one").isEqualTo(2);
            assertThat(poll.round().revealed()).isFalse();
            assertThat(poll.tally().counts()).extracting(Tally.Count::names)
                    .containsExactly(java.util.List.of(), java.util.List.of("Ada"), java.util.List.of(), java.util.List.of());
            Membership ada = classes.membership(adaToken).orElseThrow();
            assertThat(polls.forMember(ada).prediction()).isEqualTo("About the same time");
            Membership grace = classes.membership(graceToken).orElseThrow();
            assertThat(polls.forMember(grace).prediction()).as("Grace has not voted again yet").isNull();

            String csv = polls.csv(classroom);
            assertThat(csv).as("the first round, revealed before the restart, with what was measured then")
                    .contains(code + "," + LESSON + ",1,").contains(",About half the time,1,50,,,false,,,false,,,Ada\r\n")
                    .contains(",Longer,1,50,,,false,,,false,,,Grace\r\n")
                    .contains(code + "," + LESSON + ",2,");
        }
    }

    /** The whole app on the temporary data folder, with the database URL the app ships with. */
    private ConfigurableApplicationContext start() throws Exception {
        Properties shipped = new Properties();
        try (var in = new ClassPathResource("application.properties").getInputStream()) {
            shipped.load(in);
        }
        return new SpringApplicationBuilder(GilLabApplication.class)
                .initializers(lab.gil.machine.OneMachineMeasurementPerTestJvm.sharedMeasurement()).run(
                "--server.port=0", "--server.address=127.0.0.1",
                "--gil-lab.data-dir=" + dataDir.toAbsolutePath(),
                "--" + TestInstructor.HASH_PROPERTY,
                "--spring.datasource.url=" + shipped.getProperty("spring.datasource.url"));
    }
}
