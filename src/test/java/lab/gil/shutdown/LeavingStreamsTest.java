package lab.gil.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The {@code leaving} contract over real loopback sockets: every open stream gets an id-less {@code leaving} event
 * and ends, and a stream asked for afterwards is refused, so that a load balancer retries it elsewhere. The context
 * is left leaving, so it is not reused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "gillab.cores.sample-period=50ms"})
@DirtiesContext
class LeavingStreamsTest {

    private static final int PAGES = 50;
    /** Generous for a busy 2-core machine; reached only when broken. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    SseStreams streams;

    @Test
    void everyOpenStreamIsToldTheServerIsLeavingWithoutAnIdThenEndsAndNewStreamsAreRefused() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        ReadingPages pages = new ReadingPages(http, URI.create("http://127.0.0.1:" + port + "/events?cores"), PAGES);
        assertThat(pages.allStreaming(TIMEOUT)).as("every page streams").isTrue();

        int stalled = streams.leaveAll(TIMEOUT);

        assertThat(stalled).as("streams whose response did not complete").isZero();
        assertThat(streams.openStreams()).isZero();
        assertThat(pages.allEnded(TIMEOUT)).as("every page saw its stream end").isTrue();
        for (List<String> lines : pages.seen) {
            int leaving = lines.indexOf("event:leaving");
            assertThat(leaving).as("a leaving event").isPositive();
            assertThat(lines.get(leaving - 1)).as("its block has no id: the page keeps its last event id").isEmpty();
            assertThat(lines.subList(leaving + 1, lines.size())).containsExactly("data:{}", "", "(ended)");
        }
        HttpResponse<String> late = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/events?cores")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(late.statusCode()).as("a stream asked for while leaving").isEqualTo(503);
    }
}
