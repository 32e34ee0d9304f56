package lab.gil.cores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class CoreSamplerPropertiesTest {

    @Test
    void samplesTenTimesASecondUnlessConfigured() {
        CoreSamplerProperties bound = binderOf(Map.of()).bindOrCreate("gillab.cores", CoreSamplerProperties.class);
        assertThat(bound.samplePeriod()).isEqualTo(Duration.ofMillis(100));
        assertThat(bound.chartWindow()).isEqualTo(Duration.ofSeconds(30));
        assertThat(CoreSamplerProperties.defaults()).isEqualTo(bound);
    }

    @Test
    void bindsThePeriodFromRelaxedNames() {
        CoreSamplerProperties bound = binderOf(Map.of("gillab.cores.sample-period", "250ms"))
                .bindOrCreate("gillab.cores", CoreSamplerProperties.class);
        assertThat(bound.samplePeriod()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void acceptsBothBounds() {
        assertThat(new CoreSamplerProperties(Duration.ofMillis(20)).samplePeriod()).isEqualTo(Duration.ofMillis(20));
        assertThat(new CoreSamplerProperties(Duration.ofSeconds(1)).samplePeriod()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aPeriodOutsideTheBoundsFailsWithAMessageNamingThePropertyTheBoundsAndTheValue() {
        assertThatThrownBy(() -> new CoreSamplerProperties(Duration.ofMillis(19)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gillab.cores.sample-period must be between 20ms and 1000ms, was 19ms");
        assertThatThrownBy(() -> new CoreSamplerProperties(Duration.ofMillis(1001)))
                .hasMessage("gillab.cores.sample-period must be between 20ms and 1000ms, was 1001ms");
    }

    @Test
    void springBindingOfAnOutOfBoundsPeriodFailsWithThatMessage() {
        Binder binder = binderOf(Map.of("gillab.cores.sample-period", "5ms"));
        assertThatThrownBy(() -> binder.bindOrCreate("gillab.cores", CoreSamplerProperties.class))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessage("gillab.cores.sample-period must be between 20ms and 1000ms, was 5ms");
    }

    @Test
    void bindsTheChartWindowAndRefusesOneOutsideItsBounds() {
        CoreSamplerProperties bound = binderOf(Map.of("gillab.cores.chart-window", "1m"))
                .bindOrCreate("gillab.cores", CoreSamplerProperties.class);
        assertThat(bound.chartWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> new CoreSamplerProperties(Duration.ofMillis(100), Duration.ofSeconds(5)))
                .hasMessage("gillab.cores.chart-window must be between 10s and 300s, was 5000ms");
    }

    @Test
    void theChartKeepsEnoughPointsToFillItsWindowAtTheSamplePeriod() {
        assertThat(new CoreSamplerProperties(Duration.ofMillis(20), Duration.ofSeconds(30)).chartPoints())
                .as("1,500 samples fill 30 s at 20 ms").isGreaterThanOrEqualTo(1500 + 1);
        assertThat(CoreSamplerProperties.defaults().chartPoints()).isBetween(301, 400);
    }

    private static Binder binderOf(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties));
    }
}
