package lab.gil.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The account a metrics scraper (Prometheus) uses with HTTP basic auth, set with {@code gil-lab.metrics.*} properties
 * or {@code GIL_LAB_METRICS_*} variables. Without a hash the metrics are not served to anyone.
 *
 * @param username     the scraper's user name
 * @param passwordHash the hash of its password, in the same form as the instructor's ({@code {bcrypt}$2a$...})
 */
@Validated
@ConfigurationProperties("gil-lab.metrics")
public record ScraperProperties(
        @NotNull @DefaultValue("prometheus")
        @Pattern(regexp = "[A-Za-z0-9._@-]{1,64}", message = "must be 1 to 64 letters, digits or . _ @ -")
        String username,
        String passwordHash) {

    static final String HASH_PROPERTY = "gil-lab.metrics.password-hash (GIL_LAB_METRICS_PASSWORD_HASH)";

    boolean configured() {
        return passwordHash != null && !passwordHash.isBlank();
    }
}
