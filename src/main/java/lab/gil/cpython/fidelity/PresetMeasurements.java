package lab.gil.cpython.fidelity;

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
        MeasuredFigures f = m.figures();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM preset_measurements WHERE lesson_id = :lesson AND preset = :preset AND engine = :engine")
                    .param("lesson", m.lessonId()).param("preset", m.preset()).param("engine", m.engine()).update();
            jdbc.sql("""
                    INSERT INTO preset_measurements (lesson_id, preset, engine, scenario_key, measured_at, outcome, build,
                        message, machine_load, tasks, tasks_done, wall_ms, cpu_ms, speedup, copy_ms, counter_expected,
                        counter_actual, back_from_io_ms)
                    VALUES (:lesson, :preset, :engine, :key, :at, :outcome, :build, :message, :load, :tasks, :done,
                        :wall, :cpu, :speedup, :copy, :expected, :actual, :back)""")
                    .param("lesson", m.lessonId()).param("preset", m.preset()).param("engine", m.engine())
                    .param("key", m.scenarioKey()).param("at", OffsetDateTime.ofInstant(m.measuredAt(), ZoneOffset.UTC))
                    .param("outcome", m.outcome()).param("build", m.build()).param("message", m.message())
                    .param("load", orNull(m.machineLoad())).param("tasks", f.tasks()).param("done", f.tasksDone())
                    .param("wall", orNull(f.wallMillis())).param("cpu", orNull(f.cpuMillis()))
                    .param("speedup", orNull(f.speedup())).param("copy", orNull(f.copyMillis()))
                    .param("expected", f.counterExpected()).param("actual", f.counterActual())
                    .param("back", orNull(f.backFromIoMillis()))
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

    /** Every measurement kept of one lesson's presets, by preset and engine. */
    public List<PresetMeasurement> ofLesson(String lessonId) {
        return jdbc.sql("SELECT * FROM preset_measurements WHERE lesson_id = :lesson ORDER BY preset, engine")
                .param("lesson", lessonId).query(PresetMeasurements::read).list();
    }

    /** Every measurement kept, by lesson, preset and engine. */
    public List<PresetMeasurement> all() {
        return jdbc.sql("SELECT * FROM preset_measurements ORDER BY lesson_id, preset, engine")
                .query(PresetMeasurements::read).list();
    }

    private static PresetMeasurement read(ResultSet rs, int row) throws SQLException {
        return new PresetMeasurement(rs.getString("lesson_id"), rs.getString("preset"), rs.getString("engine"),
                rs.getString("scenario_key"), rs.getObject("measured_at", OffsetDateTime.class).toInstant(),
                rs.getString("outcome"), rs.getString("build"), rs.getString("message"), number(rs, "machine_load"),
                new MeasuredFigures(rs.getInt("tasks"), rs.getInt("tasks_done"), number(rs, "wall_ms"),
                        number(rs, "cpu_ms"), number(rs, "speedup"), number(rs, "copy_ms"),
                        whole(rs, "counter_expected"), whole(rs, "counter_actual"), number(rs, "back_from_io_ms")));
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
