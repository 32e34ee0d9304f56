package lab.gil.watch;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One browser's identity for benchmarks: its own cookies (session, class membership) and CSRF token, over a
 * client shared with other visitors (a client per visitor would cost a selector thread each). Does not follow
 * redirects, so that a benchmark sees where the server sends it.
 */
final class Visitor {

    /** Where Spring Security puts the token in a form, or in the page's meta tags for scripts. */
    private static final Pattern CSRF = Pattern.compile(
            "name=\"_csrf\"\\s+(?:value|content)=\"([^\"]+)\"|(?:value|content)=\"([^\"]+)\"\\s+name=\"_csrf\"");

    private final HttpClient http;
    private final String base;
    /** Cookies by name, as the server set them; guarded by this. */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    /** The last CSRF token a page of this visitor carried; null when the server uses none. */
    private volatile String csrf;

    Visitor(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        remember(response);
        return response;
    }

    /** Posts a form, adding this visitor's CSRF token when it has one. */
    HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return postEncoded(path, form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
    }

    /** Posts an already url-encoded form, adding this visitor's CSRF token when it has one. */
    HttpResponse<String> postEncoded(String path, String form) throws Exception {
        String token = csrf;
        String body = token == null ? form
                : form + (form.isEmpty() ? "" : "&") + "_csrf=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(request(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        remember(response);
        return response;
    }

    /** The header line an SSE viewer of this visitor sends ("Cookie: ...\r\n"), or "" without cookies. */
    synchronized String cookieHeaderLine() {
        return cookies.isEmpty() ? "" : "Cookie: " + cookieHeader() + "\r\n";
    }

    boolean hasCsrfToken() {
        return csrf != null;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(BenchApp.REQUEST_TIMEOUT);
        synchronized (this) {
            if (!cookies.isEmpty()) {
                b.header("Cookie", cookieHeader());
            }
        }
        return b;
    }

    private String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private void remember(HttpResponse<String> response) {
        synchronized (this) {
            for (String set : response.headers().allValues("Set-Cookie")) {
                String pair = set.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    String value = pair.substring(eq + 1);
                    if (value.isEmpty() || set.contains("Max-Age=0")) {
                        cookies.remove(pair.substring(0, eq));
                    } else {
                        cookies.put(pair.substring(0, eq), value);
                    }
                }
            }
        }
        String body = response.body();
        if (body != null) {
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                csrf = m.group(1) != null ? m.group(1) : m.group(2);
            }
        }
    }
}
