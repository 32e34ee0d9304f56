package lab.gil.classroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import lab.gil.broadcast.LocalBroadcasts;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who is connected comes from heartbeats with an expiry: a page keeps its member connected on every server while it
 * is open, a closed page stops counting at once, and the students of a server that stopped renewing (it died)
 * stop counting within the expiry, and the instructor's page is told.
 */
class PresenceTest {

    private static final Duration HEARTBEAT = Duration.ofMillis(200);
    /** Generous for a busy 2-core machine; reached only when broken. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private JdbcClient jdbc;
    private ClassStore classes;
    private PresenceStore store;
    private ClassNews news;
    /** The class codes whose instructor pages were told that who is connected changed. */
    private final BlockingQueue<String> nudged = new LinkedBlockingQueue<>();
    private Presence server;
    private Membership ada;

    @BeforeEach
    void startOneServerWithAClassOfOne() {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:presence-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).load().migrate();
        jdbc = JdbcClient.create(db);
        classes = new ClassStore(jdbc);
        store = new PresenceStore(jdbc);
        news = new ClassNews(new LocalBroadcasts(), JsonMapper.builder().build());
        news.listen(message -> {
            if (message.kind() == ClassNews.Kind.MEMBERS) {
                nudged.add(message.code());
            }
        });
        server = new Presence(store, news, new ClassroomProperties(HEARTBEAT));
        Classroom c = classes.open("K7M2QX", "cores-and-threads", "teacher", ClassSettings.initial());
        ada = new Membership(classes.addMember(c.id(), "hash-of-ada", "Ada"), c);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void anOpenPageKeepsItsMemberConnectedPastTheExpiryAndAClosedOneStopsCountingAtOnce() throws Exception {
        Runnable closed = server.pageOpened(ada);
        assertThat(nudged.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the instructor is told").isEqualTo("K7M2QX");
        assertThat(server.connected(ada.classroom())).containsExactly(ada.member().id());
        OffsetDateTime first = seenAt();

        awaitRenewedAfter(first.plus(server.expiry()));
        assertThat(server.connected(ada.classroom())).as("renewed, so still connected").containsExactly(ada.member().id());

        closed.run();
        assertThat(nudged.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("K7M2QX");
        assertThat(server.connected(ada.classroom())).isEmpty();
    }

    @Test
    void aMemberStaysConnectedWhileAnyOfTheirPagesIsOpen() throws Exception {
        Runnable first = server.pageOpened(ada);
        Runnable second = server.pageOpened(ada);
        first.run();
        first.run();
        assertThat(nudged.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("K7M2QX");
        assertThat(server.connected(ada.classroom())).containsExactly(ada.member().id());

        second.run();
        assertThat(nudged.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("K7M2QX");
        assertThat(server.connected(ada.classroom())).isEmpty();
    }

    @Test
    void theStudentsOfAServerThatStoppedRenewingStopCountingWithinTheExpiryAndTheInstructorIsTold() throws Exception {
        // Another server said Ada was connected, then died: nothing renews its row any more.
        store.seen("a-server-that-died", ada.member().id(), ada.classroom().id(), OffsetDateTime.now());
        assertThat(server.connected(ada.classroom())).containsExactly(ada.member().id());
        long diedAt = System.nanoTime();

        assertThat(nudged.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the instructor is told").isEqualTo("K7M2QX");

        assertThat(Duration.ofNanos(System.nanoTime() - diedAt)).as("not before the expiry")
                .isGreaterThanOrEqualTo(server.expiry().minus(HEARTBEAT));
        assertThat(server.connected(ada.classroom())).isEmpty();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM class_presence").query(Integer.class).single()).isZero();
    }

    private OffsetDateTime seenAt() {
        return jdbc.sql("SELECT seen_at FROM class_presence").query(OffsetDateTime.class).single();
    }

    /** Waits, by the database's own rows, until this server has renewed its row beyond {@code instant}. */
    private void awaitRenewedAfter(OffsetDateTime instant) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!seenAt().isAfter(instant)) {
            assertThat(System.nanoTime()).as("renewed within " + TIMEOUT).isLessThan(deadline);
            Thread.sleep(HEARTBEAT.toMillis() / 4);
        }
    }
}
