package lab.gil.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import com.zaxxer.hikari.HikariDataSource;
import lab.gil.db.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances on two connections stand for two servers sharing one real PostgreSQL. */
class PostgresBroadcastsTest {

    /** Far above what a notification takes on a loopback connection (milliseconds), for a busy CI machine. */
    private static final long DELIVERY_TIMEOUT_SECONDS = 10;

    private HikariDataSource database;
    private PostgresBroadcasts serverA;
    private PostgresBroadcasts serverB;

    @BeforeEach
    void twoServers() {
        // Pooled, as the app's own data source is: one pool shared by both stands for the database's connections.
        database = new HikariDataSource();
        database.setJdbcUrl(TestPostgres.get().newDatabaseUrl());
        database.setUsername(TestPostgres.get().user());
        serverA = new PostgresBroadcasts(database);
        serverB = new PostgresBroadcasts(database);
    }

    @AfterEach
    void stop() {
        serverA.close();
        serverB.close();
        database.close();
    }

    @Test
    void eachServerHearsTheOthersMessagesInOrderAndOnlyOnItsTopic() throws InterruptedException {
        List<String> heardOnB = new CopyOnWriteArrayList<>();
        List<String> heardOnA = new CopyOnWriteArrayList<>();
        List<String> otherTopic = new CopyOnWriteArrayList<>();
        CountDownLatch allOnB = new CountDownLatch(100);
        CountDownLatch allOnA = new CountDownLatch(100);
        serverB.listen("class/AB12/settings", m -> { heardOnB.add(m); allOnB.countDown(); });
        serverA.listen("class/AB12/settings", m -> { heardOnA.add(m); allOnA.countDown(); });
        serverB.listen("class/ZZ99/settings", otherTopic::add);

        List<String> sent = IntStream.range(0, 100).mapToObj(i -> "{\"gil\":\"on\",\"n\":" + i + "}").toList();
        sent.forEach(m -> serverA.publish("class/AB12/settings", m));

        assertThat(allOnB.await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("B heard all 100").isTrue();
        assertThat(allOnA.await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("A heard its own").isTrue();
        assertThat(heardOnB).containsExactlyElementsOf(sent);
        assertThat(heardOnA).containsExactlyElementsOf(sent);
        assertThat(otherTopic).isEmpty();
    }

    @Test
    void aClosedListeningHearsNoMore() throws InterruptedException {
        List<String> closedOne = new CopyOnWriteArrayList<>();
        CountDownLatch keptHeard = new CountDownLatch(2);
        Broadcasts.Listening closing = serverB.listen("run/1", closedOne::add);
        serverB.listen("run/1", m -> keptHeard.countDown());

        serverA.publish("run/1", "first");
        closing.close();
        serverA.publish("run/1", "second");

        assertThat(keptHeard.await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(closedOne).doesNotContain("second");
    }

    @Test
    void aDroppedListeningConnectionReconnectsAndHearsAgain() throws Exception {
        CountDownLatch heardAfterDrop = new CountDownLatch(1);
        serverB.listen("class/AB12/settings", m -> {
            if (m.equals("after")) {
                heardAfterDrop.countDown();
            }
        });
        terminateListeners();

        // Messages sent while B reconnects are lost (the interface allows it): send until one gets through.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DELIVERY_TIMEOUT_SECONDS);
        while (!heardAfterDrop.await(200, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
            serverA.publish("class/AB12/settings", "after");
        }
        assertThat(heardAfterDrop.getCount()).as("B heard a message after its connection was dropped").isZero();
    }

    @Test
    void topicsBecomeSafeDistinctChannelNamesAndPayloadsAreBounded() {
        String channel = PostgresBroadcasts.channelOf("class/AB12/settings");
        assertThat(channel).matches("gillab_class_ab12_settings_[0-9a-f]{16}");
        assertThat(PostgresBroadcasts.channelOf("class/ab12/settings")).isNotEqualTo(channel);
        assertThat(PostgresBroadcasts.channelOf("x\"; DROP TABLE runs; --".repeat(5))).matches("[a-z0-9_]{1,63}");
        assertThatThrownBy(() -> PostgresBroadcasts.channelOf(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> serverA.publish("t", "x".repeat(Broadcasts.MAX_PAYLOAD_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7900");
    }

    @Test
    void aPayloadAtTheLimitGetsThrough() throws InterruptedException {
        String largest = "é".repeat(Broadcasts.MAX_PAYLOAD_BYTES / 2);
        CountDownLatch heard = new CountDownLatch(1);
        serverB.listen("big", m -> {
            if (m.equals(largest)) {
                heard.countDown();
            }
        });
        serverA.publish("big", largest);
        assertThat(heard.await(DELIVERY_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    /** Ends every listening session from the database's side, as a restarted database or a cut network would. */
    private void terminateListeners() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + PostgresBroadcasts.APPLICATION_NAME + "' AND datname = current_database()");
        }
    }
}
