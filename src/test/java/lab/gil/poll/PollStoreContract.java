package lab.gil.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** What the poll store keeps, on whichever database a subclass gives it, migrated from empty with every migration. */
abstract class PollStoreContract {

    private static final String LESSON = "cores-and-threads";
    private static final CPythonAnswer CPYTHON_NOT_YET = new CPythonAnswer(
            new MeasuredAnswer("incomplete", "", null, "Two threads"), null, null);
    /** Threads racing to record one member's prediction; only reached when something hangs. */
    private static final long RACE_TIMEOUT_SECONDS = 30;

    JdbcClient jdbc;
    PollStore store;
    long classId;

    /** A new, empty database. */
    abstract DataSource freshDatabase();

    @BeforeEach
    void migrate() {
        DataSource dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = JdbcClient.create(dataSource);
        store = new PollStore(jdbc);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO classes (code, open_code, lesson_id, opened_by, opened_at) VALUES ('K7M2QX', 'K7M2QX', :lesson, 't', :now)")
                .param("lesson", LESSON).param("now", OffsetDateTime.now()).update(key, "id");
        classId = key.getKeyAs(Number.class).longValue();
    }

    private long member(String name) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO class_members (class_id, token_hash, display_name, joined_at) VALUES (:class, :token, :name, :now)")
                .param("class", classId).param("token", "hash-" + name).param("name", name)
                .param("now", OffsetDateTime.now()).update(key, "id");
        return key.getKeyAs(Number.class).longValue();
    }

    @Test
    void aClassStartsWithRoundOneAndAMembersChangedMindReplacesTheirPrediction() {
        Round first = store.currentRound(classId, LESSON);
        assertThat(first.number()).isEqualTo(1);
        assertThat(first.revealed()).isFalse();
        assertThat(store.currentRound(classId, LESSON)).as("asked again, the same round").isEqualTo(first);

        long ada = member("Ada");
        long grace = member(null);
        store.predict(first.id(), ada, "Longer");
        store.predict(first.id(), grace, "Longer");
        store.predict(first.id(), ada, "About half the time");
        assertThat(store.votes(first.id())).extracting(PollStore.Vote::choice, PollStore.Vote::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("About half the time", "Ada"),
                        org.assertj.core.groups.Tuple.tuple("Longer", "anonymous #" + grace));
        assertThat(store.predictionOf(first.id(), ada)).contains("About half the time");
    }

    @Test
    void membersPredictingAtOnceLeaveOnePredictionEach() throws InterruptedException {
        Round round = store.currentRound(classId, LESSON);
        long ada = member("Ada");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (String choice : List.of("Longer", "About the same time", "About half the time", "Longer")) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    store.predict(round.id(), ada, choice);
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(RACE_TIMEOUT_SECONDS));
            assertThat(t.isAlive()).as("a prediction hung").isFalse();
        }
        assertThat(failures).isEmpty();
        assertThat(store.votes(round.id())).hasSize(1);
    }

    @Test
    void aRevealKeepsTheMeasuredAnswerAndAResetOpensTheNextRoundOnceKeepingTheFirst() {
        Round first = store.currentRound(classId, LESSON);
        long ada = member("Ada");
        store.predict(first.id(), ada, "Longer");
        MeasuredAnswer measured = new MeasuredAnswer("supported", "1.98×", "About half the time", null);
        Round revealed = store.reveal(first.id(), measured, CPYTHON_NOT_YET);
        assertThat(revealed.revealed()).isTrue();
        assertThat(revealed.measured()).isEqualTo(measured);

        Round second = store.reset(classId, LESSON, 1);
        assertThat(second.number()).isEqualTo(2);
        assertThat(store.reset(classId, LESSON, 1)).as("a second reset from round 1 changes nothing").isEqualTo(second);
        assertThat(store.currentRound(classId, LESSON)).isEqualTo(second);
        assertThat(store.votes(second.id())).isEmpty();

        List<Round> rounds = store.rounds(classId);
        assertThat(rounds).extracting(Round::number).containsExactly(1, 2);
        assertThat(rounds.getFirst().closedAt()).isNotNull();
        assertThat(rounds.getFirst().measured()).isEqualTo(measured);
        assertThat(store.votes(rounds.getFirst().id())).as("the first round's votes are kept").hasSize(1);
    }

    @Test
    void aRevealKeepsCPythonsAnswerWithWhenAndWhatMeasuredItAndRevealingAgainKeepsTheNewestOfBoth() {
        Round round = store.currentRound(classId, LESSON);
        Round notYet = store.reveal(round.id(), new MeasuredAnswer("incomplete", "", null, "Two threads"),
                CPYTHON_NOT_YET);
        assertThat(notYet.cpython()).isEqualTo(CPYTHON_NOT_YET);

        OffsetDateTime measuredAt = OffsetDateTime.of(2026, 12, 6, 12, 4, 0, 0, ZoneOffset.UTC);
        MeasuredAnswer emulation = new MeasuredAnswer("supported", "1.02×", "About the same time", null);
        MeasuredAnswer byCPython = new MeasuredAnswer("supported", "1.85×", "About half the time", null);
        store.reveal(round.id(), emulation, new CPythonAnswer(byCPython, measuredAt, "CPython 3.11.7"));

        Round again = store.rounds(classId).getFirst();
        assertThat(again.revealedAt()).as("revealed when first revealed").isEqualTo(notYet.revealedAt());
        assertThat(again.measured()).isEqualTo(emulation);
        assertThat(again.cpython().answer()).isEqualTo(byCPython);
        assertThat(again.cpython().measuredAt()).isAtSameInstantAs(measuredAt);
        assertThat(again.cpython().build()).isEqualTo("CPython 3.11.7");
    }

    @Test
    void aRoundRevealedBeforeCPythonsAnswerWasKeptReadsWithoutOne() {
        Round round = store.currentRound(classId, LESSON);
        jdbc.sql("""
                        UPDATE poll_rounds SET revealed_at = :now, measured_kind = 'supported', measured_figure = '1.02×',
                               measured_choice = 'About the same time' WHERE id = :id""")
                .param("now", OffsetDateTime.now()).param("id", round.id()).update();
        Round revealed = store.find(round.id()).orElseThrow();
        assertThat(revealed.measured().figure()).isEqualTo("1.02×");
        assertThat(revealed.cpython()).isNull();
    }
}
