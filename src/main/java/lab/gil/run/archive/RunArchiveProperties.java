package lab.gil.run.archive;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long finished runs are kept, {@code gillab.runs.archive.*} properties or {@code GILLAB_RUNS_ARCHIVE_*}
 * variables.
 *
 * @param keepFor how long a finished run's result, lanes and exports stay readable after it ended (a day by
 *                default: a lesson, its homework and the next morning's questions)
 */
@Validated
@ConfigurationProperties("gillab.runs.archive")
public record RunArchiveProperties(@NotNull @DefaultValue("24h") Duration keepFor) {

    public RunArchiveProperties {
        if (keepFor.compareTo(Duration.ofMinutes(10)) < 0 || keepFor.compareTo(Duration.ofDays(30)) > 0) {
            throw new IllegalArgumentException("gillab.runs.archive.keep-for must be between 10m and 30d, not " + keepFor);
        }
    }
}
