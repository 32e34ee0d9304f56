package lab.gil.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.security.PageSession;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The compose stack cannot be started here (no container engine), so this checks what can be checked without it:
 * every file parses, the stack has what the README promises, and the dashboard asks Prometheus only for metrics
 * the app really exposes, read from a running app's {@code /actuator/prometheus} after a real run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"server.address=127.0.0.1",
        TestInstructor.HASH_PROPERTY, TestInstructor.SCRAPER_HASH_PROPERTY})
class ComposeStackTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern METRIC = Pattern.compile("\\bgillab_[a-z_]+");

    @LocalServerPort
    int port;

    private PageSession page;

    @BeforeEach
    void openASession() {
        page = new PageSession("http://127.0.0.1:" + port, TIMEOUT);
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoServersOnPostgresBehindAnSseReadyBalancerWithPrometheusAndGrafana() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "gil-lab-1", "gil-lab-2", "load-balancer", "prometheus", "grafana");
        for (String server : List.of("gil-lab-1", "gil-lab-2")) {
            Map<String, Object> s = services.get(server);
            assertThat(s.get("build")).as(server + " is built from the Dockerfile").isEqualTo(".");
            Map<String, String> env = (Map<String, String>) s.get("environment");
            assertThat(s.get("stop_grace_period")).as(server + " has time to finish a run of the default time limit")
                    .isEqualTo("75s");
            assertThat(s.get("healthcheck").toString()).as("ready means taking requests").contains("/actuator/health/readiness");
            assertThat(env).containsEntry("GILLAB_CLUSTER_ENABLED", "true")
                    .as("every server accepts the same instructor and scraper")
                    .containsKeys("GIL_LAB_INSTRUCTOR_PASSWORD_HASH", "GIL_LAB_METRICS_PASSWORD_HASH")
                    .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/gillab");
            assertThat((List<String>) s.get("volumes")).as(server + "'s data folder, where its machine measurement is"
                    + " kept: one for both, so that they measure their host once").contains("gil-lab-data:/app/data");
        }
        assertThat((Map<String, Object>) compose.get("volumes")).containsKey("gil-lab-data");

        String haproxy = Files.readString(Path.of("deploy/haproxy.cfg"));
        assertThat(haproxy).contains("server gil-lab-1 gil-lab-1:8080").contains("server gil-lab-2 gil-lab-2:8080")
                .contains("timeout server 1h").contains("timeout client 1h")
                .as("no compression directive: events go out as written").doesNotContainPattern("(?m)^\\s*compression")
                .as("no cookie pins a browser to a server").doesNotContainPattern("(?m)^\\s*cookie")
                .as("a stopping server drops out at its first failed readiness check")
                .contains("option httpchk GET /actuator/health/readiness").contains("fall 1")
                .as("a stream a leaving server refuses is tried on the other").containsPattern("retry-on [^\\n]*503")
                .contains("option redispatch");

        Map<String, Object> prometheus = new Yaml().load(Files.readString(Path.of("deploy/prometheus.yml")));
        assertThat(prometheus.toString()).contains("gil-lab-1:8080").contains("gil-lab-2:8080")
                .contains("/actuator/prometheus").as("the scraper signs in").contains("password_file");
        new Yaml().load(Files.readString(Path.of("deploy/grafana/provisioning/datasources/prometheus.yaml")));
        new Yaml().load(Files.readString(Path.of("deploy/grafana/provisioning/dashboards/gil-lab.yaml")));
    }

    @Test
    void theDashboardShowsWhatTheIssueAsksForFromMetricsTheAppExposes() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build()
                .readTree(Files.readString(Path.of("deploy/grafana/dashboards/gil-lab.json")));
        List<String> titles = dashboard.get("panels").valueStream().map(p -> p.get("title").asString()).toList();
        assertThat(titles).contains("Runs finished by outcome", "Queue length", "Run duration", "SSE viewers",
                "Per-core utilization");
        Set<String> asked = new TreeSet<>();
        dashboard.get("panels").valueStream().flatMap(p -> p.get("targets").valueStream())
                .forEach(t -> {
                    Matcher m = METRIC.matcher(t.get("expr").asString());
                    while (m.find()) {
                        asked.add(m.group());
                    }
                });
        assertThat(asked).isNotEmpty();

        finishOneRun();
        HttpResponse<String> scraped = page.get("/actuator/prometheus", "Authorization",
                PageSession.basicAuth(TestInstructor.SCRAPER, TestInstructor.PASSWORD));
        assertThat(scraped.statusCode()).as("the scraper's account reads the metrics").isEqualTo(200);
        String exposed = scraped.body();
        for (String metric : asked) {
            assertThat(exposed).as("the app exposes %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
    }

    /** Counters and timers of runs appear once a run has ended. */
    private void finishOneRun() throws Exception {
        HttpResponse<String> started = page.post("/runs", "executor=threads&workers=1&programs=io+10ms");
        Matcher id = Pattern.compile("data-run-id=\"([0-9a-f]+)\"").matcher(started.body());
        assertThat(id.find()).as("Run answered with a run: %s", started.body()).isTrue();
        // The run's stream ends right after the run does.
        page.client().send(HttpRequest.newBuilder(page.uri("/events?run=" + id.group(1))).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.discarding());
    }

}
