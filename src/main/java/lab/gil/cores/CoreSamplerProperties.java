package lab.gil.cores;

import java.time.Duration;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the per-core CPU sampler and of the live chart that draws its samples, bound from
 * {@code gillab.cores.*} (environment: {@code GILLAB_CORES_SAMPLE_PERIOD=100ms}, {@code GILLAB_CORES_CHART_WINDOW=30s}).
 *
 * <p>Invariant: {@code samplePeriod} lies within [{@link #MIN_PERIOD}, {@link #MAX_PERIOD}] and {@code chartWindow}
 * within [{@link #MIN_WINDOW}, {@link #MAX_WINDOW}].
 *
 * @param samplePeriod time between two samples; 100 ms (10 Hz) unless configured
 * @param chartWindow  how much of the past the live chart shows; 30 s unless configured
 */
@ConfigurationProperties("gillab.cores")
public record CoreSamplerProperties(Duration samplePeriod, Duration chartWindow) {

    /** Faster than this, Linux's 10 ms CPU ticks leave most samples with zero or one tick per core. */
    public static final Duration MIN_PERIOD = Duration.ofMillis(20);

    /** Slower than this, the live chart no longer looks live. */
    public static final Duration MAX_PERIOD = Duration.ofSeconds(1);

    /** The period used when none is configured. */
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(100);

    /** Shorter than this, a run's start has left the chart before the student looks at it. */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(10);

    /** Longer than this, a browser keeps more points than a chart's width can show (15,000 at 20 ms). */
    public static final Duration MAX_WINDOW = Duration.ofMinutes(5);

    /** The window used when none is configured. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);

    /*
     * Checked here rather than with Bean Validation annotations so that the sampler built without Spring (tests,
     * benchmark) gets the same check; Spring reports the exception as a binding failure naming the property.
     */
    @ConstructorBinding
    public CoreSamplerProperties(@DefaultValue("100ms") Duration samplePeriod, @DefaultValue("30s") Duration chartWindow) {
        this.samplePeriod = within(samplePeriod, MIN_PERIOD, MAX_PERIOD, "gillab.cores.sample-period");
        this.chartWindow = within(chartWindow, MIN_WINDOW, MAX_WINDOW, "gillab.cores.chart-window");
    }

    /** A sampler sampling every {@code samplePeriod}, drawn over the default window. */
    public CoreSamplerProperties(Duration samplePeriod) {
        this(samplePeriod, DEFAULT_WINDOW);
    }

    /** The settings used when nothing is configured: one sample every 100 ms, drawn over the last 30 s. */
    public static CoreSamplerProperties defaults() {
        return new CoreSamplerProperties(DEFAULT_PERIOD, DEFAULT_WINDOW);
    }

    private static Duration within(Duration value, Duration min, Duration max, String property) {
        Objects.requireNonNull(value, property + " must be set");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(property + " must be between " + text(min) + " and " + text(max)
                    + ", was " + text(value));
        }
        return value;
    }

    /** Milliseconds, or whole seconds from ten seconds up, as one would write them in the property. */
    private static String text(Duration d) {
        return d.toMillis() >= 10_000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /**
     * Samples the chart keeps to fill its window at the sample period, with a fifth more for samples that arrive
     * early: 360 at 100 ms over 30 s, 1,800 at 20 ms.
     */
    public int chartPoints() {
        return (int) Math.ceil(chartWindow.toNanos() * 1.2 / samplePeriod.toNanos()) + 1;
    }
}
