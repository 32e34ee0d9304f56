package lab.gil.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import lab.gil.cores.CoreStream;
import lab.gil.stream.Subscriber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Server-sent event responses over real loopback sockets: they resume without gaps and leave nothing behind. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "gillab.cores.sample-period=50ms"})
class SseLifecycleTest {

    private static final int CYCLES = 1_000;
    /** One connect, first event, disconnect; generous for a shared 2-core machine. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** The server notices a closed socket at its next write: a sample comes every 50 ms. */
    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    CoreStream cores;

    @Autowired
    MeterRegistry registry;

    private double gauge() {
        return registry.get("gillab.sse.subscribers").tag("stream", "cores").gauge().value();
    }

    /** Opens the core stream on a raw socket, reads until its first event's id, and closes the socket. */
    private void connectReadOneEventAndLeave() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /cores/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            try {
                while ((line = in.readLine()) != null && !line.startsWith("id:")) {
                    seen.append(line).append('|');
                }
            } catch (java.io.IOException e) {
                throw new java.io.IOException("read so far: " + seen, e);
            }
            assertThat(line).as("an event arrived").isNotNull();
        }
    }

    @Test
    void aThousandConnectsAndDisconnectsLeaveNoSubscriberNoGaugeCountAndNoSenderThreadBehind() throws Exception {
        int sendersBefore = Subscriber.liveSenders();
        for (int i = 0; i < CYCLES; i++) {
            try {
                connectReadOneEventAndLeave();
            } catch (java.io.IOException e) {
                throw new AssertionError("cycle " + i + ", subscribers " + cores.channel().subscriberCount(), e);
            }
        }
        await().atMost(CLEANUP_TIMEOUT).untilAsserted(() -> {
            assertThat(cores.channel().subscriberCount()).as("channel subscribers").isZero();
            assertThat(gauge()).as("gillab.sse.subscribers{stream=cores}").isZero();
            // Streams other tests left open may end meanwhile, so the count may fall below where it started.
            assertThat(Subscriber.liveSenders()).as("sender threads").isLessThanOrEqualTo(sendersBefore);
        });
    }

    @Test
    void aBrowserThatReconnectsWithLastEventIdGetsTheNextEventFirst() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(READ_TIMEOUT).build();
        // Asks for nothing of the history, so that the ids read are the newest: the oldest kept events (what a
        // first connection replays) may be pushed out of the history before the reconnect on a busy machine.
        List<Long> firstIds = readIds(http, Long.toString(Long.MAX_VALUE), 5);
        long lastSeen = firstIds.getLast();
        List<Long> resumed = readIds(http, Long.toString(lastSeen), 5);
        assertThat(firstIds).isSorted();
        assertThat(resumed.getFirst()).as("no gap and no repeat after the reconnect").isEqualTo(lastSeen + 1);
        assertThat(resumed).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3, lastSeen + 4, lastSeen + 5);
    }

    @Test
    void aPageThatOpensANewStreamSaysWhereItStoppedInTheQueryAndResumesThere() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(READ_TIMEOUT).build();
        long lastSeen = readIds(http, Long.toString(Long.MAX_VALUE), 3).getLast();
        List<Long> resumed = readIds(http, null, 3, "?lastEventId=" + lastSeen);
        assertThat(resumed).containsExactly(lastSeen + 1, lastSeen + 2, lastSeen + 3);
    }

    private List<Long> readIds(HttpClient http, String lastEventId, int count) throws Exception {
        return readIds(http, lastEventId, count, "");
    }

    private List<Long> readIds(HttpClient http, String lastEventId, int count, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cores/events" + query))
                .timeout(READ_TIMEOUT);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        try (var lines = response.body()) {
            return lines.filter(l -> l.startsWith("id:")).limit(count)
                    .map(l -> Long.parseLong(l.substring(3).trim())).toList();
        }
    }
}
