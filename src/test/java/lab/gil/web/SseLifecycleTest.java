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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.cores.CoreStream;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunWatcher;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.stream.Subscriber;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A page's one stream over real loopback sockets: it resumes without gaps or repeats and leaves nothing behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "gillab.cores.sample-period=20ms"})
class SseLifecycleTest {

    private static final int CYCLES = 1_000;
    /** One connect, first event, disconnect; generous for a shared 2-core machine. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    /** A run of two 20 ms waits and its one-worker baseline, on a busy machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);
    /** The server notices a closed socket at its next write: a sample comes every 20 ms (the shortest period allowed, so that a thousand first events take seconds, not a minute). */
    private static final Duration CLEANUP_TIMEOUT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    CoreStream cores;

    @Autowired
    MeterRegistry registry;

    @Autowired
    RunService runs;

    private double gauge(String stream) {
        return registry.get("gillab.sse.subscribers").tag("stream", stream).gauge().value();
    }

    /** Opens a page's stream of the cores on a raw socket, reads until its first event, and closes the socket. */
    private void connectReadOneEventAndLeave() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET /events?cores HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            StringBuilder seen = new StringBuilder();
            try {
                while ((line = in.readLine()) != null && !line.startsWith("event:")) {
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
            assertThat(gauge("cores")).as("gillab.sse.subscribers{stream=cores}").isZero();
            assertThat(gauge("page")).as("gillab.sse.subscribers{stream=page}").isZero();
            // Streams other tests left open may end meanwhile, so the count may fall below where it started.
            assertThat(Subscriber.liveSenders()).as("sender threads").isLessThanOrEqualTo(sendersBefore);
        });
    }

    @Test
    void aPageThatReconnectsWithLastEventIdGetsItsRunsNextEventFirstAndNothingTwice() throws Exception {
        String run = finishedRun();
        List<Event> all = read("/events?run=" + run, null);
        assertThat(all).extracting(Event::id).as("a run's events carry ids, one after another").isSorted()
                .doesNotContainNull().hasSizeGreaterThan(3);
        long lastSeen = all.get(1).id();
        List<Event> resumed = read("/events?run=" + run, Long.toString(lastSeen));
        assertThat(resumed).as("no gap and no repeat after the reconnect").isEqualTo(all.subList(2, all.size()));
    }

    @Test
    void aPageThatOpensANewStreamSaysWhereItStoppedInTheQueryAndResumesThere() throws Exception {
        String run = finishedRun();
        List<Event> all = read("/events?run=" + run, null);
        long lastSeen = all.get(1).id();
        assertThat(read("/events?run=" + run + "&lastEventId=" + lastSeen, null)).isEqualTo(all.subList(2, all.size()));
    }

    @Test
    void onAPagesStreamOnlyTheRunsEventsCarryAnIdSoThatTheBrowsersLastEventIdIsTheRunsAlone() throws Exception {
        String run = finishedRun();
        List<Event> page = read("/events?cores&run=" + run, null, events ->
                events.stream().anyMatch(e -> e.name().equals("cores"))
                        && events.stream().anyMatch(e -> e.data().contains("\"state\":\"done\"")));
        assertThat(page).filteredOn(e -> e.name().equals("cores")).as("samples of the cores").isNotEmpty()
                .allSatisfy(e -> assertThat(e.id()).isNull());
        assertThat(page).filteredOn(e -> !e.name().equals("cores")).isNotEmpty()
                .allSatisfy(e -> assertThat(e.id()).isNotNull());
        assertThat(page).extracting(Event::name).as("a finished run's figures reach the page as HTML, not here")
                .doesNotContain("summary");
    }

    @Test
    void aPageThatReopensItsStreamGetsOnlyTheSamplesNewerThanItsNewest() throws Exception {
        List<Event> first = read("/events?cores", null, 3);
        long newest = epochMillis(first.getLast());
        List<Event> next = read("/events?cores&coresAfter=" + newest, null, 3);
        assertThat(next).extracting(SseLifecycleTest::epochMillis).allSatisfy(t -> assertThat(t).isGreaterThan(newest));
    }

    @Test
    void aStreamThatAsksForNothingIsA400AndAClassThisBrowserIsNotInA403() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(READ_TIMEOUT).build();
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events"))
                .timeout(READ_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events?class=ABCDEF"))
                .timeout(READ_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/events?run=nosuchrun"))
                .timeout(READ_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
    }

    /** One event as the browser reads it: its id (null when it has none), name and data. */
    record Event(Long id, String name, String data) {}

    /** A small run that has ended, so that its events are all kept and its stream ends after them. */
    private String finishedRun() throws InterruptedException {
        Scenario scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(
                Map.of("workers", "2", "programs", "io 20ms"))).scenario();
        Run run = runs.submit(scenario, null, null);
        assertThat(RunWatcher.watch(run).awaitEnd(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return run.id();
    }

    /** Every event of a stream that ends by itself. */
    private List<Event> read(String path, String lastEventId) throws Exception {
        return read(path, lastEventId, events -> false);
    }

    /** The first {@code count} events of a stream. */
    private List<Event> read(String path, String lastEventId, int count) throws Exception {
        return read(path, lastEventId, events -> events.size() >= count);
    }

    /** The events of a stream until it ends or {@code enough} says so. */
    private List<Event> read(String path, String lastEventId, Predicate<List<Event>> enough) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(READ_TIMEOUT).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(READ_TIMEOUT);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.util.stream.Stream<String>> response = http.send(request.build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<Event> events = new ArrayList<>();
        try (var lines = response.body()) {
            Iterator<String> it = lines.iterator();
            Long id = null;
            String name = null;
            while (!enough.test(events) && it.hasNext()) {
                String line = it.next();
                if (line.startsWith("id:")) {
                    id = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("event:")) {
                    name = line.substring(6);
                } else if (line.startsWith("data:")) {
                    events.add(new Event(id, name, line.substring(5)));
                    id = null;
                }
            }
        }
        return events;
    }

    private static long epochMillis(Event sample) {
        Matcher m = Pattern.compile("\"epochMillis\":(\\d+)").matcher(sample.data());
        assertThat(m.find()).as(sample.data()).isTrue();
        return Long.parseLong(m.group(1));
    }
}
