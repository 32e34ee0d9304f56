package lab.gil.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP client that acts like one browser tab for tests and benchmarks against a running server: it keeps the
 * session cookie, and sends the CSRF token a page carries (its {@code <meta>} tags) with every POST, as htmx does.
 */
public final class PageSession {

    private static final Pattern META = Pattern.compile("<meta name=\"csrf-(token|header)\" content=\"([^\"]+)\">");

    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    /** The token of this session and the header it travels in, read from the first page; null until then. */
    private volatile String csrfHeader;
    private volatile String csrfToken;

    /** {@code builder} is completed with a cookie jar of this session's own. */
    public PageSession(HttpClient.Builder builder, String baseUrl, Duration timeout) {
        this.http = builder.cookieHandler(new CookieManager()).connectTimeout(timeout).build();
        this.base = baseUrl;
        this.timeout = timeout;
    }

    public PageSession(String baseUrl, Duration timeout) {
        this(HttpClient.newBuilder(), baseUrl, timeout);
    }

    private PageSession(PageSession same, String baseUrl) {
        this.http = same.http;
        this.base = baseUrl;
        this.timeout = same.timeout;
        this.csrfHeader = same.csrfHeader;
        this.csrfToken = same.csrfToken;
    }

    /**
     * The same browser (its cookies, its session's CSRF token) talking to another server, as a load balancer
     * without a pinning cookie may send it.
     */
    public PageSession at(String otherBaseUrl) {
        return new PageSession(this, otherBaseUrl);
    }

    /**
     * Signs this session in as the test instructor through the sign-in form; the session then has a new id and a
     * new CSRF token, read again before the next post.
     */
    public PageSession signInAsInstructor() throws IOException, InterruptedException {
        HttpResponse<String> signedIn = post("/signin", "username=" + TestInstructor.USERNAME + "&password="
                + java.net.URLEncoder.encode(TestInstructor.PASSWORD, StandardCharsets.UTF_8));
        String location = signedIn.headers().firstValue("Location").orElse("");
        if (signedIn.statusCode() != 302 || location.contains("signin")) {
            throw new IllegalStateException("Could not sign in: " + signedIn.statusCode() + " to " + location);
        }
        csrfToken = null;
        return this;
    }

    /** The client, with this session's cookies, for requests of one's own (a stream, say). */
    public HttpClient client() {
        return http;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return http.send(request(path, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form POST as htmx sends it, with this session's CSRF token (read from the home page the first time). */
    public HttpResponse<String> post(String path, String form, String... headers)
            throws IOException, InterruptedException {
        if (csrfToken == null) {
            readToken(get("/").body());
        }
        return postWithoutToken(path, form, withHeader(headers, csrfHeader, csrfToken));
    }

    /** A form POST that carries no CSRF token, as a forged request from another site would. */
    public HttpResponse<String> postWithoutToken(String path, String form, String... headers)
            throws IOException, InterruptedException {
        return http.send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .header("HX-Request", "true").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code Authorization} header value of HTTP basic auth. */
    public static String basicAuth(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void readToken(String page) {
        Csrf csrf = Csrf.of(page);
        csrfHeader = csrf.header();
        csrfToken = csrf.token();
    }

    /** A page's CSRF token and the header it travels in, as its {@code <meta>} tags give them to csrf.js. */
    public record Csrf(String header, String token) {

        /** Reads them from {@code page}; throws when the page carries none. */
        public static Csrf of(String page) {
            String header = null;
            String token = null;
            Matcher m = META.matcher(page);
            while (m.find()) {
                if (m.group(1).equals("token")) {
                    token = m.group(2);
                } else {
                    header = m.group(2);
                }
            }
            if (token == null || header == null) {
                throw new IllegalStateException("The page carries no CSRF token in its <meta> tags");
            }
            return new Csrf(header, token);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(timeout);
        return headers.length == 0 ? request : request.headers(headers);
    }

    private static String[] withHeader(String[] headers, String name, String value) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = name;
        all[headers.length + 1] = value;
        return all;
    }
}
