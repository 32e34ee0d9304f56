package lab.gil.broadcast;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts between servers through PostgreSQL's {@code LISTEN/NOTIFY}: a message is a {@code pg_notify} on the
 * topic's channel, and every server holds one connection that listens to the channels its listeners want.
 *
 * <p>PostgreSQL delivers a notification to every listening session, the publisher's own included, in the order the
 * publishing transactions committed; each {@code publish} commits on its own, so one thread's messages arrive in the
 * order it sent them. One reader thread owns the listening connection: pgjdbc holds the connection's lock while it
 * waits for notifications, so {@code LISTEN} and {@code UNLISTEN} are issued by that thread between two waits, never
 * by the caller. When the connection drops, the reader reconnects with a growing pause and listens again; messages
 * sent in between are lost, which the interface allows (listeners read the current state from the database).
 */
public final class PostgresBroadcasts implements Broadcasts, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresBroadcasts.class);
    /** The listening session's name in {@code pg_stat_activity}, for whoever looks at the database. */
    public static final String APPLICATION_NAME = "gil-lab-broadcasts";
    /** PostgreSQL's longest identifier, in bytes; longer channel names are cut silently, so none is made longer. */
    private static final int MAX_CHANNEL_BYTES = 63;
    /** Longest topic accepted: topics name things (a class, a run), they are not messages. */
    static final int MAX_TOPIC_LENGTH = 200;
    /** How long the reader waits for a notification before it looks for new or closed listeners. */
    private static final Duration POLL = Duration.ofMillis(100);
    /** How often an idle listening connection is checked, since a silently dead peer never ends a wait. */
    private static final Duration HEALTH_CHECK = Duration.ofSeconds(5);
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);
    /** How long {@link #listen} waits for its {@code LISTEN} to be in place before returning anyway. */
    private static final Duration LISTEN_WAIT = Duration.ofSeconds(5);

    private final DataSource dataSource;
    /** Listeners by channel; a channel is in the map exactly while it has listeners. */
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();
    /** Channels the current connection listens to; written by the reader, awaited by {@link #listen}. */
    private final Set<String> listening = new HashSet<>();
    private final Thread reader;
    private volatile boolean closed;

    public PostgresBroadcasts(DataSource dataSource) {
        this.dataSource = dataSource;
        this.reader = Thread.ofPlatform().name("broadcasts-listener").daemon().start(this::read);
    }

    @Override
    public void publish(String topic, String payload) {
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("A broadcast carries at most " + MAX_PAYLOAD_BYTES + " bytes.");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            s.setString(1, channelOf(topic));
            s.setString(2, payload);
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not broadcast on " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Listening listen(String topic, Consumer<String> listener) {
        String channel = channelOf(topic);
        listeners.compute(channel, (c, list) -> {
            List<Consumer<String>> l = list == null ? new CopyOnWriteArrayList<>() : list;
            l.add(listener);
            return l;
        });
        awaitListening(channel);
        return () -> listeners.computeIfPresent(channel, (c, list) -> {
            list.remove(listener);
            return list.isEmpty() ? null : list;
        });
    }

    /**
     * The channel that carries {@code topic}: lower-case letters, digits and underscores (safe to quote in
     * {@code LISTEN}), readable for whoever looks at the database, and ending in a hash of the exact topic so that
     * two topics never share a channel however they are cut or folded.
     */
    static String channelOf(String topic) {
        if (topic == null || topic.isBlank() || topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("A topic is 1 to " + MAX_TOPIC_LENGTH + " characters, not "
                    + (topic == null ? "null" : "\"" + topic + "\""));
        }
        String hash = HexFormat.of().formatHex(sha256(topic), 0, 8);
        String readable = topic.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        String prefix = "gillab_";
        int room = MAX_CHANNEL_BYTES - prefix.length() - 1 - hash.length();
        if (readable.length() > room) {
            readable = readable.substring(0, room);
        }
        return prefix + readable + "_" + hash;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    /** Waits (bounded) until the reader listens to {@code channel}; a dropped connection listens again later. */
    private void awaitListening(String channel) {
        long deadline = System.nanoTime() + LISTEN_WAIT.toNanos();
        synchronized (listening) {
            while (!listening.contains(channel) && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("Not yet listening to {} after {}; it will be once the database is reachable", channel, LISTEN_WAIT);
                    return;
                }
                try {
                    listening.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The reader thread: listen, wait for notifications, hand them out; reconnect when the connection fails. */
    private void read() {
        Duration retry = FIRST_RETRY;
        boolean lost = false;
        while (!closed) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (lost) {
                    log.info("Listening for broadcasts again");
                }
                lost = false;
                retry = FIRST_RETRY;
                long lastCheck = System.nanoTime();
                while (!closed) {
                    follow(c);
                    PGNotification[] notifications = pg.getNotifications((int) POLL.toMillis());
                    if (notifications != null) {
                        for (PGNotification n : notifications) {
                            deliver(n.getName(), n.getParameter());
                        }
                    } else if (System.nanoTime() - lastCheck > HEALTH_CHECK.toNanos()) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        lastCheck = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                synchronized (listening) {
                    listening.clear();
                }
                if (closed) {
                    return;
                }
                lost = true;
                log.warn("Broadcast listener lost its database connection ({}); retrying in {} ms", e.getMessage(), retry.toMillis());
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException ie) {
                    return;
                }
                retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            }
        }
    }

    /** Makes the connection listen to exactly the channels that have listeners. */
    private void follow(Connection c) throws SQLException {
        Set<String> wanted = Set.copyOf(listeners.keySet());
        Set<String> current;
        synchronized (listening) {
            current = Set.copyOf(listening);
        }
        if (wanted.equals(current)) {
            return;
        }
        try (Statement s = c.createStatement()) {
            for (String channel : wanted) {
                if (!current.contains(channel)) {
                    s.execute("LISTEN \"" + channel + "\"");
                }
            }
            for (String channel : current) {
                if (!wanted.contains(channel)) {
                    s.execute("UNLISTEN \"" + channel + "\"");
                }
            }
        }
        synchronized (listening) {
            listening.clear();
            listening.addAll(wanted);
            listening.notifyAll();
        }
    }

    private void deliver(String channel, String payload) {
        for (Consumer<String> listener : listeners.getOrDefault(channel, List.of())) {
            try {
                listener.accept(payload);
            } catch (RuntimeException e) {
                log.error("A broadcast listener on {} failed", channel, e);
            }
        }
    }

    /** Stops listening and lets the connection go. */
    @Override
    public void close() {
        closed = true;
        synchronized (listening) {
            listening.notifyAll();
        }
        try {
            reader.join(POLL.toMillis() * 20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
