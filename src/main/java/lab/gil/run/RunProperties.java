package lab.gil.run;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the run queue, set with {@code gillab.runs.*} properties or {@code GILLAB_RUNS_*} variables.
 *
 * @param timeLimit     the longest a run may take before it is stopped
 * @param queueCapacity how many runs may wait; a class of 100 clicking Run together fits in the default
 * @param keepFinished  how many finished runs stay viewable
 */
@Validated
@ConfigurationProperties("gillab.runs")
public record RunProperties(
        @NotNull @DefaultValue("60s") Duration timeLimit,
        @Min(1) @Max(10_000) @DefaultValue("200") int queueCapacity,
        @Min(1) @Max(10_000) @DefaultValue("500") int keepFinished) {

    public RunProperties {
        if (timeLimit.compareTo(Duration.ofSeconds(1)) < 0 || timeLimit.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("gillab.runs.time-limit must be between 1s and 10m, not " + timeLimit);
        }
    }
}
