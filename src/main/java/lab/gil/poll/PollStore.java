package lab.gil.poll;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Poll rounds and predictions in the database (tables of {@code V2__polls.sql}, with CPython's answer since
 * {@code V16__poll_cpython_answer.sql}): the truth every server of a class reads, kept across restarts.
 */
@Repository
class PollStore {

    private static final String ROUND_COLUMNS = """
            id, class_id, lesson_id, round_number, opened_at, revealed_at,
            measured_kind, measured_figure, measured_choice, measured_next,
            cpython_kind, cpython_figure, cpython_choice, cpython_next, cpython_measured_at, cpython_build, closed_at
            FROM poll_rounds""";

    private final JdbcClient jdbc;
    private final Clock clock;

    @Autowired
    PollStore(JdbcClient jdbc) {
        this(jdbc, Clock.systemUTC());
    }

    PollStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The class's current round, opening round 1 when the class has none yet. */
    Round currentRound(long classId, String lessonId) {
        return findCurrent(classId).orElseGet(() -> open(classId, lessonId, 1));
    }

    /**
     * Records {@code memberId}'s prediction in the round, replacing the one they made before in it. Two requests of one
     * member may race: the one that loses the insert updates instead.
     */
    void predict(long roundId, long memberId, String choice) {
        if (updatePrediction(roundId, memberId, choice) > 0) {
            return;
        }
        try {
            jdbc.sql("""
                            INSERT INTO poll_predictions (round_id, member_id, choice, predicted_at)
                            VALUES (:round, :member, :choice, :now)""")
                    .param("round", roundId).param("member", memberId).param("choice", choice).param("now", now())
                    .update();
        } catch (DuplicateKeyException raced) {
            updatePrediction(roundId, memberId, choice);
        }
    }

    private int updatePrediction(long roundId, long memberId, String choice) {
        return jdbc.sql("""
                        UPDATE poll_predictions SET choice = :choice, predicted_at = :now
                        WHERE round_id = :round AND member_id = :member""")
                .param("choice", choice).param("now", now()).param("round", roundId).param("member", memberId)
                .update();
    }

    /** A member's prediction in the round, if they made one. */
    Optional<String> predictionOf(long roundId, long memberId) {
        return jdbc.sql("SELECT choice FROM poll_predictions WHERE round_id = :round AND member_id = :member")
                .param("round", roundId).param("member", memberId).query(String.class).optional();
    }

    /** Every prediction of the round with its member's name, in the order they were first made. */
    List<Vote> votes(long roundId) {
        return jdbc.sql("""
                        SELECT p.choice, m.id, m.display_name FROM poll_predictions p
                        JOIN class_members m ON m.id = p.member_id
                        WHERE p.round_id = :round ORDER BY m.joined_at, m.id""")
                .param("round", roundId)
                .query((rs, row) -> new Vote(rs.getString("choice"), rs.getLong("id"), rs.getString("display_name")))
                .list();
    }

    /** One member's prediction; {@code displayName} is null for an anonymous member. */
    record Vote(String choice, long memberId, String displayName) {

        String label() {
            return displayName == null ? "anonymous #" + memberId : displayName;
        }
    }

    /**
     * Shows the round to the class beside {@code measured} and {@code cpython}; a second reveal (after another run,
     * or CPython's re-measuring) updates both.
     */
    Round reveal(long roundId, MeasuredAnswer measured, CPythonAnswer cpython) {
        MeasuredAnswer byCPython = cpython.answer();
        jdbc.sql("""
                        UPDATE poll_rounds SET revealed_at = COALESCE(revealed_at, :now), measured_kind = :kind,
                               measured_figure = :figure, measured_choice = :choice, measured_next = :next,
                               cpython_kind = :cpythonKind, cpython_figure = :cpythonFigure,
                               cpython_choice = :cpythonChoice, cpython_next = :cpythonNext,
                               cpython_measured_at = :cpythonAt, cpython_build = :cpythonBuild
                        WHERE id = :id""")
                .param("now", now()).param("kind", measured.kind()).param("figure", measured.figure())
                .param("choice", measured.choice()).param("next", measured.next())
                .param("cpythonKind", byCPython.kind()).param("cpythonFigure", byCPython.figure())
                .param("cpythonChoice", byCPython.choice()).param("cpythonNext", byCPython.next())
                .param("cpythonAt", cpython.measuredAt()).param("cpythonBuild", cpython.build())
                .param("id", roundId)
                .update();
        return find(roundId).orElseThrow();
    }

    /**
     * Closes round {@code fromRound}, the class's current round, and opens the next, for a second vote; the closed
     * round is kept. A reset of a round that is no longer current (a double click, a second instructor page) changes
     * nothing: the row lock of the close lets one of two racing resets through.
     */
    @Transactional
    Round reset(long classId, String lessonId, int fromRound) {
        int closed = jdbc.sql("""
                        UPDATE poll_rounds SET closed_at = :now
                        WHERE class_id = :class AND round_number = :number AND closed_at IS NULL""")
                .param("now", now()).param("class", classId).param("number", fromRound).update();
        if (closed > 0) {
            insertRound(classId, lessonId, fromRound + 1);
        }
        return findCurrent(classId).orElseThrow(() -> new IllegalStateException("class " + classId + " has no round"));
    }

    /** Every round of the class, first first. */
    List<Round> rounds(long classId) {
        return jdbc.sql("SELECT " + ROUND_COLUMNS + " WHERE class_id = :class ORDER BY round_number")
                .param("class", classId).query(PollStore::toRound).list();
    }

    Optional<Round> find(long roundId) {
        return jdbc.sql("SELECT " + ROUND_COLUMNS + " WHERE id = :id").param("id", roundId)
                .query(PollStore::toRound).optional();
    }

    private Optional<Round> findCurrent(long classId) {
        return jdbc.sql("SELECT " + ROUND_COLUMNS + " WHERE class_id = :class AND closed_at IS NULL"
                        + " ORDER BY round_number DESC")
                .param("class", classId).query(PollStore::toRound).list().stream().findFirst();
    }

    /**
     * Opens round {@code number} outside any transaction; when another request (or server) opened it first, the
     * unique round number refuses this one and the round that won is the class's current one.
     */
    private Round open(long classId, String lessonId, int number) {
        try {
            insertRound(classId, lessonId, number);
        } catch (DuplicateKeyException raced) {
            // Opened by the other request; read it below.
        }
        return findCurrent(classId).orElseThrow();
    }

    private void insertRound(long classId, String lessonId, int number) {
        jdbc.sql("""
                        INSERT INTO poll_rounds (class_id, lesson_id, round_number, opened_at)
                        VALUES (:class, :lesson, :number, :now)""")
                .param("class", classId).param("lesson", lessonId).param("number", number).param("now", now())
                .update();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static Round toRound(ResultSet rs, int row) throws SQLException {
        MeasuredAnswer measured = answer(rs, "measured_");
        MeasuredAnswer byCPython = answer(rs, "cpython_");
        CPythonAnswer cpython = byCPython == null ? null : new CPythonAnswer(byCPython,
                rs.getObject("cpython_measured_at", OffsetDateTime.class), rs.getString("cpython_build"));
        return new Round(rs.getLong("id"), rs.getLong("class_id"), rs.getString("lesson_id"), rs.getInt("round_number"),
                rs.getObject("opened_at", OffsetDateTime.class), rs.getObject("revealed_at", OffsetDateTime.class),
                measured, cpython, rs.getObject("closed_at", OffsetDateTime.class));
    }

    /** The answer kept in the columns named {@code prefix}kind, figure, choice and next; null when none was kept. */
    private static MeasuredAnswer answer(ResultSet rs, String prefix) throws SQLException {
        String kind = rs.getString(prefix + "kind");
        return kind == null ? null : new MeasuredAnswer(kind, rs.getString(prefix + "figure"),
                rs.getString(prefix + "choice"), rs.getString(prefix + "next"));
    }
}
