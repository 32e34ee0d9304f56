package lab.gil.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Stands before the sign-in form's check: a sign-in from an address or for a username that failed too often just
 * now is refused with how long to wait, without looking at its password, so that guessing costs a minute per five
 * tries whatever the guess.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private final SignInThrottle throttle;
    private final AuthenticationFailureHandler refusal;

    SignInThrottleFilter(SignInThrottle throttle, AuthenticationFailureHandler refusal) {
        this.throttle = throttle;
        this.refusal = refusal;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && SecurityConfig.SIGN_IN.equals(request.getRequestURI().substring(request.getContextPath().length())));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration wait = throttle.waitBefore(request.getRemoteAddr(), request.getParameter(SignInAttempts.USERNAME));
        if (wait.isPositive()) {
            refusal.onAuthenticationFailure(request, response, new TooManySignIns(wait));
            return;
        }
        chain.doFilter(request, response);
    }
}
