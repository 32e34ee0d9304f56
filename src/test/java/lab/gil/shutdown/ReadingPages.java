package lab.gil.shutdown;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Pages reading their event stream over real loopback sockets, each line kept as received and {@code (ended)}
 * added once the server has ended the response.
 */
final class ReadingPages {

    /** What each page received, line by line. */
    final List<List<String>> seen = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final CountDownLatch streaming;

    ReadingPages(HttpClient http, URI stream, int pages) throws Exception {
        streaming = new CountDownLatch(pages);
        for (int i = 0; i < pages; i++) {
            List<String> lines = Collections.synchronizedList(new ArrayList<>());
            seen.add(lines);
            HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(stream).build(),
                    HttpResponse.BodyHandlers.ofLines());
            readers.add(Thread.ofVirtual().start(() -> {
                try (Stream<String> body = response.body()) {
                    body.forEach(line -> {
                        // A sample of the cores carries no id (on a page's stream only a run's events do).
                        if (line.startsWith("data:") && lines.stream().noneMatch(l -> l.startsWith("data:"))) {
                            streaming.countDown();
                        }
                        lines.add(line);
                    });
                }
                lines.add("(ended)");
            }));
        }
    }

    /** Whether every page has received an event within {@code timeout}. */
    boolean allStreaming(Duration timeout) throws InterruptedException {
        return streaming.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether every page has seen its stream end within {@code timeout} each. */
    boolean allEnded(Duration timeout) throws InterruptedException {
        for (Thread reader : readers) {
            if (!reader.join(timeout)) {
                return false;
            }
        }
        return true;
    }
}
