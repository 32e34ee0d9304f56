package lab.gil.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole app on a real server: every response carries the security headers (pages and SSE streams alike), pages
 * are compressed and streams are not, health is open and the Prometheus endpoint wants the scraper's account.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", TestInstructor.HASH_PROPERTY, TestInstructor.SCRAPER_HASH_PROPERTY})
class TransportSecurityTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT);
    }

    private static void assertSecurityHeaders(HttpHeaders headers) {
        assertThat(headers.firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
        assertThat(headers.firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self';").contains("style-src 'self';").contains("frame-ancestors 'none'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(headers.firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(headers.firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(headers.firstValue("Referrer-Policy")).hasValue("same-origin");
    }

    @Test
    void aPageCarriesTheSecurityHeaders() throws Exception {
        HttpResponse<String> page = http.send(request("/lessons/cores-and-threads").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertSecurityHeaders(page.headers());
    }

    @Test
    void anSseStreamCarriesTheSecurityHeadersAndIsNeitherCompressedNorHeldBack() throws Exception {
        HttpResponse<InputStream> stream = http.send(request("/events?cores").header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            assertThat(stream.headers().firstValue("Content-Encoding")).as("events must reach the page one by one")
                    .isEmpty();
            assertSecurityHeaders(stream.headers());
            // A plain-text event line arrives while the stream stays open: nothing buffers it.
            String line;
            do {
                line = lines.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertThat(line).contains("\"cores\":[");
        }
    }

    @Test
    void pagesAreCompressedForBrowsersThatAcceptGzip() throws Exception {
        HttpResponse<byte[]> page = http.send(request("/").header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(page.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String html = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(page.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(html).contains("Cores and threads");
        assertThat(page.body().length).as("compressed").isLessThan(html.length() / 2);
    }

    @Test
    void staticFilesAreRevalidatedRatherThanNeverStored() throws Exception {
        HttpResponse<String> script = http.send(request("/js/csrf.js").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertSecurityHeaders(script.headers());
    }

    @Test
    void healthIsOpenToAnyone() throws Exception {
        HttpResponse<String> health = http.send(request("/actuator/health").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusRefusesAnyoneButTheScraper() throws Exception {
        assertThat(prometheus(null).statusCode()).isEqualTo(401);
        assertThat(prometheus(PageSession.basicAuth(TestInstructor.SCRAPER, "wrong-password")).statusCode()).isEqualTo(401);
        assertThat(prometheus(PageSession.basicAuth(TestInstructor.USERNAME, TestInstructor.PASSWORD)).statusCode())
                .as("an instructor's account is not the scraper's").isEqualTo(401);
        HttpResponse<String> scraped = prometheus(PageSession.basicAuth(TestInstructor.SCRAPER, TestInstructor.PASSWORD));
        assertThat(scraped.statusCode()).isEqualTo(200);
        assertThat(scraped.body()).contains("gillab_runs_queued");
        assertThat(scraped.headers().firstValue("Set-Cookie")).as("the scraper gets no session").isEmpty();
    }

    private HttpResponse<String> prometheus(String authorization) throws Exception {
        HttpRequest.Builder request = request("/actuator/prometheus");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
