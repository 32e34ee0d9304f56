package lab.gil.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Answers a refused request with a message a person can act on. A CSRF failure almost always means a page older than
 * its session (the server restarted, or the session timed out): htmx is told to reload the page ({@code HX-Refresh}),
 * which brings a fresh token, and a plain form gets the message.
 */
final class ExpiredPageHandler implements AccessDeniedHandler {

    static final String EXPIRED_PAGE = "This page is older than your session (the server restarted or you were away "
            + "a long time). Reload the page and try again.";
    static final String FORBIDDEN = "You may not do that.";

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException, ServletException {
        boolean expired = denied instanceof CsrfException;
        if (expired && Htmx.isHtmx(request)) {
            response.setHeader(Htmx.REFRESH, "true");
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN, expired ? EXPIRED_PAGE : FORBIDDEN);
    }
}
