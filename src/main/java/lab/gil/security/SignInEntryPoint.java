package lab.gil.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * Sends someone who must sign in to the sign-in page. A page is redirected as usual; an htmx request (an instructor
 * whose session expired pressing a button) gets 401 with {@code HX-Redirect}, so htmx loads the sign-in page as a
 * whole page instead of following a redirect and swapping the sign-in form into a fragment.
 */
final class SignInEntryPoint implements AuthenticationEntryPoint {

    private final String signInUrl;
    private final LoginUrlAuthenticationEntryPoint pages;

    SignInEntryPoint(String signInUrl) {
        this.signInUrl = signInUrl;
        this.pages = new LoginUrlAuthenticationEntryPoint(signInUrl);
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        if (Htmx.isHtmx(request)) {
            response.setHeader(Htmx.REDIRECT, request.getContextPath() + signInUrl);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        pages.commence(request, response, e);
    }
}
