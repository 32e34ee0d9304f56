package lab.gil.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator: health is open (Docker's health check and load balancers need no account); everything else (the
 * Prometheus endpoint) needs the scraper's own account by HTTP basic auth, never an instructor's session. Without a
 * configured scraper hash, nobody gets the metrics.
 */
@Configuration
@EnableConfigurationProperties(ScraperProperties.class)
public class MetricsSecurityConfig {

    static final String SCRAPER = "METRICS";
    private static final Logger log = LoggerFactory.getLogger(MetricsSecurityConfig.class);

    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http, ScraperProperties scraper, PasswordEncoder encoder)
            throws Exception {
        http
                .securityMatcher("/actuator/**")
                .authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .anyRequest().hasRole(SCRAPER))
                .httpBasic(basic -> basic.realmName("GIL Lab metrics"))
                .authenticationManager(new ProviderManager(scraperAuthentication(scraper, encoder)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()); // read-only GETs with basic auth, from a scraper, never a browser form
        return http.build();
    }

    private static DaoAuthenticationProvider scraperAuthentication(ScraperProperties scraper, PasswordEncoder encoder) {
        UserDetailsService accounts;
        if (scraper.configured()) {
            accounts = new InMemoryUserDetailsManager(User.withUsername(scraper.username())
                    .password(PasswordHashes.checked(scraper.passwordHash().strip(), ScraperProperties.HASH_PROPERTY))
                    .roles(SCRAPER).build());
        } else {
            log.info("The Prometheus endpoint is closed: set GIL_LAB_METRICS_PASSWORD_HASH to let a scraper in.");
            accounts = new InMemoryUserDetailsManager();
        }
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(accounts);
        provider.setPasswordEncoder(encoder);
        return provider;
    }
}
