package lab.gil.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import lab.gil.GilLabApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing a server while pages still hold their streams open, as the JVM's end does to every Spring context a test
 * run has cached: Spring's shutdown hook closes them one after another, and Surefire kills a test JVM whose exit
 * takes over 30 s ("Surefire is going to kill self fork JVM"). A server whose close waited for its open streams
 * (the web server's graceful shutdown waited its whole phase for requests nobody completed) cost CI that kill.
 *
 * <p>Asserted: every page is told the server is leaving and sees its stream end, and the close is over within
 * {@link #CLOSE_BOUND}. That bound detects a close that waits for something (its figures are ShutdownIT's and the
 * shutdown benchmark's), so it is generous for a busy machine, far above the few hundred milliseconds a close takes.
 */
class ClosingWithOpenStreamsTest {

    private static final int READING_PAGES = 20;
    /** Generous for a busy 2-core machine; reached only when broken. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /**
     * The stop order's own bounds (pages' leave {@link ShutdownOrder#LEAVE_TIMEOUT}, then the web server's 2 s for
     * ordinary requests) and room for a busy machine; a third of Surefire's 30 s, since a test JVM closes a dozen
     * such contexts at its end.
     */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void aServerWithPagesStreamingAndOneThatStoppedReadingClosesPromptlyAndTellsEveryPage() throws Exception {
        ConfigurableApplicationContext server = new SpringApplicationBuilder(GilLabApplication.class)
                .initializers(lab.gil.machine.OneMachineMeasurementPerTestJvm.sharedMeasurement()).run(
                "--server.port=0", "--server.address=127.0.0.1", "--gil-lab.data-dir=" + dataDir.toAbsolutePath());
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
             Socket stoppedReading = new Socket(InetAddress.getLoopbackAddress(), port(server))) {
            URI events = URI.create("http://127.0.0.1:" + port(server) + "/events?cores");
            ReadingPages pages = new ReadingPages(http, events, READING_PAGES);
            // A page whose browser stopped reading (a suspended tab): its request is open, nobody reads the answer.
            OutputStream request = stoppedReading.getOutputStream();
            request.write(("GET /events?cores HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            assertThat(pages.allStreaming(TIMEOUT)).as("every page streams").isTrue();

            long closing = System.nanoTime();
            server.close();
            Duration took = Duration.ofNanos(System.nanoTime() - closing);

            assertThat(pages.allEnded(TIMEOUT)).as("every page saw its stream end").isTrue();
            assertThat(pages.seen).allSatisfy(lines -> assertThat(lines).as("told the server is leaving, then ended")
                    .containsSubsequence("event:leaving", "data:{}", "(ended)"));
            assertThat(took).as("closing the server (%d ms)", took.toMillis()).isLessThan(CLOSE_BOUND);
        } finally {
            server.close();
        }
    }

    private static int port(ConfigurableApplicationContext server) {
        return ((WebServerApplicationContext) server).getWebServer().getPort();
    }
}
