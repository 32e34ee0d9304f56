package lab.gil.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;

/**
 * The one place that says who may reach what. Students never sign in: everything they use is open. Instructor pages
 * and actions live under {@code /instructor/**} and need the INSTRUCTOR role. Any URL not named here needs a signed-in
 * instructor, so a new student URL must be added to {@link #STUDENT_URLS} (a forgotten one fails closed). The
 * actuator has its own rules ({@link MetricsSecurityConfig}).
 */
@Configuration
public class SecurityConfig {

    /** The role an instructor holds (without Spring's {@code ROLE_} prefix). */
    public static final String INSTRUCTOR = "INSTRUCTOR";
    public static final String SIGN_IN = "/signin";
    public static final String SIGN_OUT = "/signout";
    /** Where an instructor lands after signing in, unless a page they asked for sent them to sign in. */
    public static final String INSTRUCTOR_HOME = "/instructor";

    /** What a student (or anyone) may use without an account. */
    static final String[] STUDENT_URLS = {
            "/", "/lessons/**", "/runs/**", "/compare", "/events", "/join", "/join/**", "/classes/**",
            "/css/**", "/js/**", "/webjars/**", "/bench/**", "/favicon.ico", "/favicon.svg", "/error",
    };

    @Bean
    SignInThrottle signInThrottle() {
        return new SignInThrottle(Clock.systemUTC());
    }

    @Bean
    SecurityFilterChain appSecurity(HttpSecurity http, SignInThrottle throttle) throws Exception {
        AuthenticationFailureHandler failure = SignInAttempts.failure(throttle, SIGN_IN + "?" + SignInController.FAILED);
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        // An htmx request is a fragment: coming back to it after signing in would show a bare fragment.
        requestCache.setRequestMatcher(new NegatedRequestMatcher(new RequestHeaderRequestMatcher(Htmx.REQUEST)));
        http
                .authorizeHttpRequests(authorize -> authorize
                        // The async dispatch that carries an SSE stream, and error pages, were authorised already.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(INSTRUCTOR_HOME, INSTRUCTOR_HOME + "/**").hasRole(INSTRUCTOR)
                        .requestMatchers(STUDENT_URLS).permitAll()
                        .requestMatchers(SIGN_IN).permitAll()
                        .anyRequest().hasRole(INSTRUCTOR))
                .headers(SecurityHeaders.everywhere())
                .requestCache(cache -> cache.requestCache(requestCache))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(new SignInEntryPoint(SIGN_IN))
                        .accessDeniedHandler(new ExpiredPageHandler()))
                .formLogin(form -> form
                        .loginPage(SIGN_IN)
                        .successHandler(SignInAttempts.success(throttle, INSTRUCTOR_HOME))
                        .failureHandler(failure))
                .addFilterBefore(new SignInThrottleFilter(throttle, failure), UsernamePasswordAuthenticationFilter.class)
                .logout(logout -> logout
                        .logoutUrl(SIGN_OUT)
                        .logoutSuccessUrl(SIGN_IN + "?signedOut"));
        return http.build();
    }
}
