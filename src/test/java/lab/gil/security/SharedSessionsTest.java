package lab.gil.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import lab.gil.GilLabApplication;
import lab.gil.cluster.GilLabServer;
import lab.gil.db.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sessions live in the database (Spring Session JDBC 4.0.4 under Boot 4.1, tables by Flyway): an instructor signed
 * in on one server is signed in on every server of the same database, and stays signed in when that server goes
 * away or restarts; a session's runs list too. On the shipped embedded H2 file and on a real PostgreSQL.
 */
class SharedSessionsTest {

    /** Generous: a Spring start took over a minute on a busy 2-core machine. Reached only when broken. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void anInstructorSignedInBeforeARestartIsStillSignedInAfterItOnTheEmbeddedDatabase() throws Exception {
        int port = GilLabServer.freePort();
        PageSession browser;
        try (ConfigurableApplicationContext server = start(port, shippedDatabaseUrl())) {
            browser = new PageSession(base(port), TIMEOUT).signInAsInstructor();
            assertThat(browser.get("/instructor/classes").statusCode()).isEqualTo(200);
            assertThat(principals(server)).as("the session is a row of the database").contains(TestInstructor.USERNAME);
        }
        try (ConfigurableApplicationContext restarted = start(port, shippedDatabaseUrl())) {
            HttpResponse<String> classes = browser.get("/instructor/classes");
            assertThat(classes.statusCode()).as("signed in after the restart, without signing in again").isEqualTo(200);
            assertThat(classes.body()).doesNotContain("name=\"password\"");
        }
    }

    @Test
    void anInstructorSignedInOnOneServerIsSignedInOnAnotherAndStaysSoWhenTheFirstGoesAway() throws Exception {
        String database = TestPostgres.get().newDatabaseUrl();
        int portA = GilLabServer.freePort();
        int portB = GilLabServer.freePort();
        ConfigurableApplicationContext a = start(portA, database);
        try (ConfigurableApplicationContext b = start(portB, database)) {
            PageSession onA = new PageSession(base(portA), TIMEOUT).signInAsInstructor();
            PageSession onB = onA.at(base(portB));
            HttpResponse<String> run = onA.post("/runs", "executor=threads&workers=1&programs=io+1ms");
            assertThat(run.statusCode()).isEqualTo(200);
            assertThat(onB.get("/instructor/classes").statusCode()).as("signed in on the other server").isEqualTo(200);

            a.close();

            assertThat(onB.get("/instructor/classes").statusCode()).as("still signed in once A is gone").isEqualTo(200);
            assertThat(onB.post("/instructor/classes", "lessonId=cores-and-threads").statusCode())
                    .as("B takes the session's CSRF token too: it is in the session").isEqualTo(302);
        } finally {
            a.close();
        }
    }

    private static String base(int port) {
        return "http://127.0.0.1:" + port;
    }

    private static List<String> principals(ConfigurableApplicationContext server) {
        return JdbcClient.create(server.getBean(DataSource.class))
                .sql("SELECT principal_name FROM spring_session WHERE principal_name IS NOT NULL")
                .query(String.class).list();
    }

    private static String shippedDatabaseUrl() throws Exception {
        Properties shipped = new Properties();
        try (var in = new ClassPathResource("application.properties").getInputStream()) {
            shipped.load(in);
        }
        return shipped.getProperty("spring.datasource.url");
    }

    private ConfigurableApplicationContext start(int port, String databaseUrl) {
        List<String> args = new java.util.ArrayList<>(List.of("--server.port=" + port, "--server.address=127.0.0.1",
                "--gil-lab.data-dir=" + dataDir.toAbsolutePath(), "--" + TestInstructor.HASH_PROPERTY,
                "--spring.datasource.url=" + databaseUrl));
        if (databaseUrl.startsWith("jdbc:postgresql")) {
            args.add("--spring.datasource.username=" + TestPostgres.get().user());
        }
        return new SpringApplicationBuilder(GilLabApplication.class)
                .initializers(lab.gil.machine.OneMachineMeasurementPerTestJvm.sharedMeasurement()).run(args.toArray(String[]::new));
    }
}
