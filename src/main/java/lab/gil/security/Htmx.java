package lab.gil.security;

import jakarta.servlet.http.HttpServletRequest;

/** The htmx request and response headers security needs. */
final class Htmx {

    /** Sent by htmx on every request it makes. */
    static final String REQUEST = "HX-Request";
    /** Tells htmx to load another page in place of swapping the answer. */
    static final String REDIRECT = "HX-Redirect";
    /** Tells htmx to reload the whole page. */
    static final String REFRESH = "HX-Refresh";

    private Htmx() {}

    static boolean isHtmx(HttpServletRequest request) {
        return "true".equals(request.getHeader(REQUEST));
    }
}
