package lab.gil.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * What happens after the sign-in form's check: a failure is counted by the throttle and sent back to the sign-in page
 * with its message; a success forgets the failures and goes on to the page that asked for a sign-in, or the
 * instructor's page.
 */
final class SignInAttempts {

    /** The form fields' names (Spring Security's defaults). */
    static final String USERNAME = "username";
    /** The session attribute that keeps the name of a failed sign-in, so the form need not be typed again. */
    static final String LAST_USERNAME = SignInAttempts.class.getName() + ".username";
    /** The longest name kept; the form allows no more. */
    static final int MAX_USERNAME = 64;

    private SignInAttempts() {}

    static AuthenticationFailureHandler failure(SignInThrottle throttle, String failureUrl) {
        SimpleUrlAuthenticationFailureHandler sendBack = new SimpleUrlAuthenticationFailureHandler(failureUrl);
        return new AuthenticationFailureHandler() {
            @Override
            public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                                AuthenticationException e) throws IOException, ServletException {
                String username = request.getParameter(USERNAME);
                if (!(e instanceof TooManySignIns)) {
                    throttle.failed(request.getRemoteAddr(), username);
                }
                if (username != null && username.length() <= MAX_USERNAME) {
                    request.getSession().setAttribute(LAST_USERNAME, username);
                }
                sendBack.onAuthenticationFailure(request, response, e);
            }
        };
    }

    static AuthenticationSuccessHandler success(SignInThrottle throttle, String defaultUrl) {
        SavedRequestAwareAuthenticationSuccessHandler goOn = new SavedRequestAwareAuthenticationSuccessHandler();
        goOn.setDefaultTargetUrl(defaultUrl);
        return new AuthenticationSuccessHandler() {
            @Override
            public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                                Authentication authentication) throws IOException, ServletException {
                throttle.succeeded(request.getRemoteAddr(), request.getParameter(USERNAME));
                goOn.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }
}
