package lab.gil.security;

import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The headers every response carries, pages and streams alike.
 *
 * <p>The Content-Security-Policy allows only this server's own files: no inline script, no {@code on*=} handler, no
 * {@code style=} attribute or {@code <style>} element (every page's CSS is {@code css/app.css}; scripts set element
 * styles through the CSSOM, which the policy allows), no eval (htmx's {@code allowEval} is off), and no framing.
 * Images may also be {@code data:} URLs (a QR code drawn in the page). {@code X-Content-Type-Options: nosniff} comes
 * with Spring Security's defaults.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    private SecurityHeaders() {}

    static Customizer<HeadersConfigurer<HttpSecurity>> everywhere() {
        return headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                .frameOptions(frame -> frame.deny())
                // A join link carries a class's code: never tell another site which page sent a student there.
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN));
    }
}
