package lab.gil.classroom;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lab.gil.security.PageSession;
import lab.gil.security.TestInstructor;

/** Plain HTTP clients with their own cookies, as browsers: a student's or a signed-in instructor's. */
final class Browsers {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private Browsers() {}

    /**
     * A browser whose posts carry its session's CSRF token as the app's pages send them (read from a page's
     * {@code <meta>} tags, again after signing in, which gives the session a new token).
     */
    static final class Browser {
        private final String base;
        private final HttpClient http;
        /** The session's CSRF header and token, read from the home page when first needed. */
        private String csrfHeader;
        private String csrfToken;

        Browser(int port) {
            this.base = "http://127.0.0.1:" + port;
            this.http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(REQUEST_TIMEOUT).build();
        }

        /** An instructor's browser, signed in. */
        static Browser instructor(int port) throws IOException, InterruptedException {
            Browser browser = new Browser(port);
            HttpResponse<String> signedIn = browser.post("/signin",
                    Map.of("username", TestInstructor.USERNAME, "password", TestInstructor.PASSWORD));
            if (signedIn.statusCode() != 302 || signedIn.headers().firstValue("Location").orElse("").contains("signin")) {
                throw new IllegalStateException("Could not sign in: " + signedIn.statusCode() + " " + signedIn.headers());
            }
            browser.csrfToken = null;
            return browser;
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
            if (csrfToken == null) {
                readToken(get("/").body());
            }
            return send(path, form, csrfHeader, csrfToken);
        }

        HttpResponse<String> postWithoutToken(String path, Map<String, String> form)
                throws IOException, InterruptedException {
            return send(path, form);
        }

        /** Opens a server-sent event stream; its events arrive in the returned stream's queue. */
        EventStream stream(String path) throws IOException, InterruptedException {
            HttpResponse<Stream<String>> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofLines());
            return new EventStream(response);
        }

        private HttpResponse<String> send(String path, Map<String, String> form, String... headers)
                throws IOException, InterruptedException {
            String body = form.entrySet().stream()
                    .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (headers.length > 0) {
                request.headers(headers);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        private void readToken(String page) {
            PageSession.Csrf csrf = PageSession.Csrf.of(page);
            csrfHeader = csrf.header();
            csrfToken = csrf.token();
        }
    }

    /** One event read off a stream: its name and its data line. */
    record Event(String name, String data) {}

    /** Reads an SSE response on a thread of its own; close it to hang up. */
    static final class EventStream implements AutoCloseable {
        final int status;
        private final Stream<String> lines;
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final Thread reader;

        EventStream(HttpResponse<Stream<String>> response) {
            this.status = response.statusCode();
            this.lines = response.body();
            this.reader = Thread.ofVirtual().name("test-sse-reader").start(() -> {
                String name = "message";
                try {
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (line.startsWith("event:")) {
                            name = line.substring(6).strip();
                        } else if (line.startsWith("data:")) {
                            events.add(new Event(name, line.substring(5).strip()));
                            name = "message";
                        }
                    }
                } catch (RuntimeException closed) {
                    // The stream was closed under the reader: the test hung up.
                }
            });
        }

        /** The next event named {@code name} whose data contains {@code text}, or null after {@code timeout}. */
        Event await(String name, String text, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Event e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (e == null || (e.name().equals(name) && e.data().contains(text))) {
                    return e;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            lines.close();
            reader.join(REQUEST_TIMEOUT.toMillis());
        }
    }
}
