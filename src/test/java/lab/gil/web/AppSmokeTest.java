package lab.gil.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import lab.gil.security.PageSession;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The whole app on a random loopback port: pages, health, metrics and the live core stream answer. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", TestInstructor.HASH_PROPERTY, TestInstructor.SCRAPER_HASH_PROPERTY})
class AppSmokeTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A run waits for the server's calibration against CPython first: generous on a busy 2-core machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    lab.gil.cores.CoreSampler sampler;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private PageSession session() {
        return new PageSession("http://127.0.0.1:" + port, REQUEST_TIMEOUT);
    }

    @Test
    void theHomePageListsLessonsAndHealthIsUp() throws Exception {
        assertThat(get("/").body()).contains("Cores and threads");
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusExposesTheRunQueueTheSubscribersAndTheSampler() throws Exception {
        String metrics = session().get("/actuator/prometheus",
                "Authorization", PageSession.basicAuth(TestInstructor.SCRAPER, TestInstructor.PASSWORD)).body();
        assertThat(metrics).contains("gillab_runs_queued").contains("gillab_cores_sample_cost_seconds")
                .contains("gillab_cores_count");
    }

    @Test
    void theCoreStreamSendsSamplesAsServerSentEvents() throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events?cores"))
                        .timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/event-stream"));
        try (var lines = response.body()) {
            String data = lines.filter(l -> l.startsWith("data:")).findFirst().orElseThrow();
            assertThat(data).contains("\"cores\":[").contains("\"total\":");
        }
    }

    @Test
    void theFirstPageOfANewSessionSetsACookieAndNeitherItNorARunsLinksCarryASessionId() throws Exception {
        PageSession session = session();
        HttpResponse<String> page = session.get("/");
        assertThat(page.headers().firstValue("Set-Cookie")).as("the page's CSRF token lives in the session")
                .hasValueSatisfying(cookie -> assertThat(cookie).startsWith("SESSION="));
        assertThat(page.body()).doesNotContainIgnoringCase("jsessionid");
        HttpResponse<String> response = session.post("/runs", "workers=1&programs=io+1ms");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).as("the run's status links to its stream").contains("/runs/")
                .doesNotContainIgnoringCase("jsessionid");
    }

    @Test
    void anUnknownPageIsAFriendlyNotFoundWithoutAStackTrace() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/lessons/nope"))
                .header("Accept", "text/html").timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("Back to the lessons").contains("There is no lesson &quot;nope&quot;.")
                .doesNotContain("at lab.gil");
    }

    /** Long enough for whole samples of the per-core sampler to cover more than the minimum, at 10 Hz. */
    private static final Duration OTHER_WORK_RUN = Duration.ofMillis(900);

    @Test
    void aRunsExportSaysHowMuchOfTheMachineOtherWorkTookAsTheServersSamplerSawIt() throws Exception {
        HttpResponse<String> started = session().post("/runs", "workers=1&programs=io+" + OTHER_WORK_RUN.toMillis() + "ms");
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("/runs/([0-9a-f]+)/").matcher(started.body());
        assertThat(id.find()).as(started.body()).isTrue();
        // The run's stream ends right after the run does: read it to its end instead of polling.
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events?run=" + id.group(1)))
                .timeout(RUN_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
        tools.jackson.databind.JsonNode export = tools.jackson.databind.json.JsonMapper.builder().build()
                .readTree(get("/runs/" + id.group(1) + "/export.json").body());
        assertThat(export.at("/run/summary/otherWork/machineCores").asInt()).as(export.toString())
                .isEqualTo(sampler.coreCount());
        assertThat(export.at("/run/summary/otherWork/cores").isNumber()).as(export.toString()).isTrue();
        assertThat(export.at("/run/summary/otherWork/coveredMillis").asDouble()).isPositive();
    }
}
