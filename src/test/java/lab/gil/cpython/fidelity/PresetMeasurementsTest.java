package lab.gil.cpython.fidelity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** A preset's measurements are kept per engine on the embedded H2, migrated from empty, each replacing the last. */
class PresetMeasurementsTest {

    private PresetMeasurements store;

    @BeforeEach
    void migrate() {
        DataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:measurements-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        store = new PresetMeasurements(JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
    }

    @Test
    void aNewMeasurementOfAPresetReplacesItsEngineOldOneAndLeavesTheOtherEngines() {
        Instant first = Instant.parse("2026-12-06T22:00:00Z");
        store.save(cpython("race-conditions", "n += 1, GIL on", first, 1800, 0L));
        store.save(new PresetMeasurement("race-conditions", "n += 1, GIL on", "emulation", "key", first,
                PresetMeasurement.MEASURED, "emulation", null, 0.5, new MeasuredFigures(2, 2, 900, 900, Double.NaN,
                Double.NaN, 2_000_000L, 2_000_000L, Double.NaN)));
        Instant later = first.plus(1, ChronoUnit.HOURS);
        store.save(cpython("race-conditions", "n += 1, GIL on", later, 1700, 0L));

        PresetMeasurement kept = store.find("race-conditions", "n += 1, GIL on", "cpython").orElseThrow();
        assertThat(kept.measuredAt()).isEqualTo(later);
        assertThat(kept.figures().wallMillis()).isEqualTo(1700);
        assertThat(kept.figures().speedup()).as("not measured: NULL, read back as NaN").isNaN();
        assertThat(kept.figures().lostUpdates()).isZero();
        assertThat(kept.machineLoad()).isEqualTo(42.5);
        assertThat(kept.busy(2)).as("load 42.5 on 2 cores").isTrue();
        assertThat(store.ofLesson("race-conditions")).hasSize(2);
        assertThat(store.ofLesson("crashes")).isEmpty();
        assertThat(store.all()).extracting(PresetMeasurement::engine).containsExactly("cpython", "emulation");
    }

    @Test
    void aPresetThatCouldNotRunInCPythonIsKeptWithWhyAndAnswersNothing() {
        store.save(new PresetMeasurement("beyond-the-gil", "Two threads, free-threaded", "cpython", "key",
                Instant.parse("2026-12-06T22:00:00Z"), PresetMeasurement.UNAVAILABLE, null,
                "This scenario needs a free-threaded CPython", Double.NaN, MeasuredFigures.none(0, 2)));

        PresetMeasurement kept = store.find("beyond-the-gil", "Two threads, free-threaded", "cpython").orElseThrow();
        assertThat(kept.message()).contains("free-threaded");
        assertThat(kept.forAnswer().finished()).isFalse();
        assertThat(kept.figures().counterExpected()).isNull();
        assertThat(kept.machineLoad()).isNaN();
    }

    private static PresetMeasurement cpython(String lesson, String preset, Instant at, double wallMillis, Long lost) {
        return new PresetMeasurement(lesson, preset, "cpython", "key", at, PresetMeasurement.MEASURED, "CPython 3.11.7",
                null, 42.5, new MeasuredFigures(2, 2, wallMillis, wallMillis, Double.NaN, 0, 2_000_000L,
                2_000_000L - lost, Double.NaN));
    }
}
