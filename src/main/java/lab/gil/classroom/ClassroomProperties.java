package lab.gil.classroom;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the classroom, {@code gil-lab.classroom.*} properties or {@code GIL_LAB_CLASSROOM_*} variables.
 *
 * @param heartbeat how often a quiet page stream that carries a class writes a comment, so that a page that went
 *                  away (a closed laptop) stops counting as connected within about this long; each write costs the
 *                  server a little per page
 */
@Validated
@ConfigurationProperties("gil-lab.classroom")
public record ClassroomProperties(@NotNull @DefaultValue("10s") Duration heartbeat) {

    public ClassroomProperties {
        if (heartbeat.compareTo(Duration.ofMillis(200)) < 0 || heartbeat.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("gil-lab.classroom.heartbeat must be between 200ms and 5m, not " + heartbeat);
        }
    }
}
