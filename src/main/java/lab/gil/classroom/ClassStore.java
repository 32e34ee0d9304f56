package lab.gil.classroom;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import lab.gil.interpreter.GilMode;
import lab.gil.scenario.ScenarioParser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Classes, their members and settings in the database (tables of {@code V1__classroom.sql}). The database is the
 * truth: every server of a class reads it, and it outlives a restart.
 */
@Repository
class ClassStore {

    /** The columns of a class with its settings, as {@link #toClassroom} reads them. */
    private static final String CLASS_COLUMNS = """
            c.id, c.code, c.lesson_id, c.opened_by, c.opened_at, c.closed_at, c.presented_run_id,
            s.locked, s.gil_mode, s.switch_interval_micros, s.version
            FROM classes c JOIN class_settings s ON s.class_id = c.id
            """;

    private final JdbcClient jdbc;
    private final Clock clock;

    @Autowired
    ClassStore(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    ClassStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Opens a class under {@code code}; throws {@link org.springframework.dao.DuplicateKeyException} when an open
     * class has that code already.
     */
    @Transactional
    Classroom open(String code, String lessonId, String openedBy, ClassSettings settings) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                        INSERT INTO classes (code, open_code, lesson_id, opened_by, opened_at)
                        VALUES (:code, :code, :lesson, :by, :now)""")
                .param("code", code).param("lesson", lessonId).param("by", openedBy).param("now", now())
                .update(key, "id");
        long id = key.getKeyAs(Number.class).longValue();
        jdbc.sql("""
                        INSERT INTO class_settings (class_id, locked, gil_mode, switch_interval_micros, version, updated_at)
                        VALUES (:id, :locked, :gil, :interval, :version, :now)""")
                .param("id", id).param("locked", settings.locked()).param("gil", settings.gilId())
                .param("interval", micros(settings.switchInterval())).param("version", settings.version())
                .param("now", now())
                .update();
        return find(id).orElseThrow();
    }

    Optional<Classroom> find(long id) {
        return jdbc.sql("SELECT " + CLASS_COLUMNS + " WHERE c.id = :id").param("id", id)
                .query(ClassStore::toClassroom).optional();
    }

    Optional<Classroom> findOpen(String code) {
        return jdbc.sql("SELECT " + CLASS_COLUMNS + " WHERE c.open_code = :code").param("code", code)
                .query(ClassStore::toClassroom).optional();
    }

    /** Whether a class with this code was open once and is closed now (and no open class has it). */
    boolean wasClosed(String code) {
        return jdbc.sql("SELECT COUNT(*) FROM classes WHERE code = :code AND closed_at IS NOT NULL")
                .param("code", code).query(Long.class).single() > 0;
    }

    /** Every open class, newest first. */
    List<Classroom> openClasses() {
        return jdbc.sql("SELECT " + CLASS_COLUMNS + " WHERE c.closed_at IS NULL ORDER BY c.opened_at DESC, c.id DESC")
                .query(ClassStore::toClassroom).list();
    }

    /** Closes a class: its code is free again, its members and settings stay for the record. */
    void close(long id) {
        jdbc.sql("UPDATE classes SET closed_at = :now, open_code = NULL WHERE id = :id AND closed_at IS NULL")
                .param("now", now()).param("id", id).update();
    }

    /** Stores new settings and counts the change; returns the class as it is now. */
    @Transactional
    Classroom updateSettings(long classId, boolean locked, GilMode gil, Duration switchInterval) {
        jdbc.sql("""
                        UPDATE class_settings SET locked = :locked, gil_mode = :gil, switch_interval_micros = :interval,
                               version = version + 1, updated_at = :now
                        WHERE class_id = :id""")
                .param("locked", locked).param("gil", ScenarioParser.gilId(gil))
                .param("interval", micros(switchInterval)).param("now", now()).param("id", classId)
                .update();
        return find(classId).orElseThrow();
    }

    /** Makes {@code runId} the run every member follows (null for none), and counts the change. */
    @Transactional
    Classroom present(long classId, String runId) {
        jdbc.sql("UPDATE classes SET presented_run_id = :run WHERE id = :id")
                .param("run", runId).param("id", classId).update();
        jdbc.sql("UPDATE class_settings SET version = version + 1, updated_at = :now WHERE class_id = :id")
                .param("now", now()).param("id", classId).update();
        return find(classId).orElseThrow();
    }

    Member addMember(long classId, String tokenHash, String displayName) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        OffsetDateTime joined = now();
        jdbc.sql("""
                        INSERT INTO class_members (class_id, token_hash, display_name, joined_at)
                        VALUES (:class, :token, :name, :now)""")
                .param("class", classId).param("token", tokenHash).param("name", displayName).param("now", joined)
                .update(key, "id");
        return new Member(key.getKeyAs(Number.class).longValue(), classId, displayName, joined);
    }

    /** The member whose cookie token hashes to {@code tokenHash}, while they are in a class that is open. */
    Optional<Membership> findMembership(String tokenHash) {
        return jdbc.sql("""
                        SELECT m.id, m.class_id, m.display_name, m.joined_at
                        FROM class_members m JOIN classes c ON c.id = m.class_id
                        WHERE m.token_hash = :token AND m.left_at IS NULL AND c.closed_at IS NULL""")
                .param("token", tokenHash).query(ClassStore::toMember).optional()
                .flatMap(member -> find(member.classId()).map(c -> new Membership(member, c)));
    }

    /** The members still in a class, in the order they joined. */
    List<Member> members(long classId) {
        return jdbc.sql("""
                        SELECT id, class_id, display_name, joined_at FROM class_members
                        WHERE class_id = :class AND left_at IS NULL ORDER BY joined_at, id""")
                .param("class", classId).query(ClassStore::toMember).list();
    }

    void leave(long memberId) {
        jdbc.sql("UPDATE class_members SET left_at = :now WHERE id = :id AND left_at IS NULL")
                .param("now", now()).param("id", memberId).update();
    }

    private OffsetDateTime now() {
        // Microseconds: what both databases keep, so that a member returned here equals the one read back.
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    private static long micros(Duration d) {
        return d.toNanos() / 1_000;
    }

    private static Classroom toClassroom(ResultSet rs, int row) throws SQLException {
        ClassSettings settings = new ClassSettings(rs.getBoolean("locked"),
                ClassSettings.parseGil(rs.getString("gil_mode")).orElseThrow(),
                Duration.ofNanos(rs.getLong("switch_interval_micros") * 1_000), rs.getLong("version"));
        return new Classroom(rs.getLong("id"), rs.getString("code"), rs.getString("lesson_id"),
                rs.getString("opened_by"), rs.getObject("opened_at", OffsetDateTime.class),
                rs.getObject("closed_at", OffsetDateTime.class), rs.getString("presented_run_id"), settings);
    }

    private static Member toMember(ResultSet rs, int row) throws SQLException {
        return new Member(rs.getLong("id"), rs.getLong("class_id"), rs.getString("display_name"),
                rs.getObject("joined_at", OffsetDateTime.class));
    }
}
