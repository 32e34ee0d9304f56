package lab.gil.cores;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the per-core CPU sampler, bound from {@code gillab.cores.*}
 * (environment: {@code GILLAB_CORES_SAMPLE_PERIOD=100ms}).
 *
 * <p>Invariant: {@code samplePeriod} lies within [{@link #MIN_PERIOD}, {@link #MAX_PERIOD}].
 *
 * @param samplePeriod time between two samples; 100 ms (10 Hz) unless configured
 */
@ConfigurationProperties("gillab.cores")
public record CoreSamplerProperties(@DefaultValue("100ms") Duration samplePeriod) {

    /** Faster than this, Linux's 10 ms CPU ticks leave most samples with zero or one tick per core. */
    public static final Duration MIN_PERIOD = Duration.ofMillis(20);

    /** Slower than this, the live chart no longer looks live. */
    public static final Duration MAX_PERIOD = Duration.ofSeconds(1);

    /** The period used when none is configured. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);

    /*
     * Checked here rather than with Bean Validation annotations so that the sampler built without Spring (tests,
     * benchmark) gets the same check; Spring reports the exception as a binding failure naming the property.
     */
    public CoreSamplerProperties {
        Objects.requireNonNull(samplePeriod, "gillab.cores.sample-period must be set");
        if (samplePeriod.compareTo(MIN_PERIOD) < 0 || samplePeriod.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("gillab.cores.sample-period must be between " + MIN_PERIOD.toMillis()
                    + "ms and " + MAX_PERIOD.toMillis() + "ms, was " + samplePeriod.toMillis() + "ms");
        }
    }

    /** The settings used when nothing is configured: one sample every 100 ms. */
    public static CoreSamplerProperties defaults() {
        return new CoreSamplerProperties(DEFAULT_PERIOD);
    }
}
