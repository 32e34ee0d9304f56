package lab.gil.classroom;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the classroom, {@code gillab.classroom.*} properties or {@code GILLAB_CLASSROOM_*} variables.
 *
 * @param heartbeat how often a class stream writes a comment, so that a page that went away (a closed laptop) stops
 *                  counting as connected within about this long; each write costs the server a little per page
 */
@Validated
@ConfigurationProperties("gillab.classroom")
public record ClassroomProperties(@NotNull @DefaultValue("10s") Duration heartbeat) {

    public ClassroomProperties {
        if (heartbeat.compareTo(Duration.ofMillis(200)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("gillab.classroom.heartbeat must be between 200ms and 5m, not " + heartbeat);
        }
    }
}
