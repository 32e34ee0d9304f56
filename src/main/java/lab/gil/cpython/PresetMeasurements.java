package lab.gil.cpython;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The presets' measurements kept in the database ({@code V10__preset_measurements.sql}), one per preset and engine. */
@Repository
public class PresetMeasurements {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    public PresetMeasurements(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Keeps {@code m} in place of the preset's earlier measurement in the same engine. */
    public void save(PresetMeasurement m) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM preset_measurements WHERE lesson_id = :lesson AND preset = :preset AND engine = :engine")
                    .param("lesson", m.lessonId()).param("preset", m.preset()).param("engine", m.engine()).update();
            jdbc.sql("""
                    INSERT INTO preset_measurements (lesson_id, preset, engine, scenario_key, measured_at, outcome, build,
                        message, tasks, tasks_done, wall_ms, cpu_ms, speedup, copy_ms, counter_expected, counter_actual,
                        back_from_io_ms)
                    VALUES (:lesson, :preset, :engine, :key, :at, :outcome, :build, :message, :tasks, :done, :wall, :cpu,
                        :speedup, :copy, :expected, :actual, :back)""")
                    .param("lesson", m.lessonId()).param("preset", m.preset()).param("engine", m.engine())
                    .param("key", m.scenarioKey()).param("at", OffsetDateTime.ofInstant(m.measuredAt(), ZoneOffset.UTC))
                    .param("outcome", m.outcome()).param("build", m.build()).param("message", m.message())
                    .param("tasks", m.tasks()).param("done", m.tasksDone()).param("wall", orNull(m.wallMillis()))
                    .param("cpu", orNull(m.cpuMillis())).param("speedup", orNull(m.speedup()))
                    .param("copy", orNull(m.copyMillis())).param("expected", m.counterExpected())
                    .param("actual", m.counterActual()).param("back", orNull(m.backFromIoMillis()))
                    .update();
        });
    }

    /** The preset's latest measurement in {@code engine}, if any. */
    public Optional<PresetMeasurement> find(String lessonId, String preset, String engine) {
        return jdbc.sql("SELECT * FROM preset_measurements WHERE lesson_id = :lesson AND preset = :preset"
                        + " AND engine = :engine")
                .param("lesson", lessonId).param("preset", preset).param("engine", engine)
                .query(PresetMeasurements::read).optional();
    }

    /** Every measurement kept, by lesson, preset and engine. */
    public List<PresetMeasurement> all() {
        return jdbc.sql("SELECT * FROM preset_measurements ORDER BY lesson_id, preset, engine")
                .query(PresetMeasurements::read).list();
    }

    private static PresetMeasurement read(ResultSet rs, int row) throws SQLException {
        return new PresetMeasurement(rs.getString("lesson_id"), rs.getString("preset"), rs.getString("engine"),
                rs.getString("scenario_key"), rs.getObject("measured_at", OffsetDateTime.class).toInstant(),
                rs.getString("outcome"), rs.getString("build"), rs.getString("message"), rs.getInt("tasks"),
                rs.getInt("tasks_done"), number(rs, "wall_ms"), number(rs, "cpu_ms"), number(rs, "speedup"),
                number(rs, "copy_ms"), whole(rs, "counter_expected"), whole(rs, "counter_actual"),
                number(rs, "back_from_io_ms"));
    }

    /** A figure not measured is NULL in the table and NaN in Java. */
    private static Double orNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static double number(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : value;
    }

    private static Long whole(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
