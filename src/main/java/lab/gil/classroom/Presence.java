package lab.gil.classroom;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Who is connected to a class, across servers: a member is connected while one of their pages has the class stream
 * open on a server whose heartbeat for them is younger than the expiry ({@value #EXPIRY_HEARTBEATS} heartbeats).
 *
 * <p>A page opening or closing changes only this server's counts in memory, so a class of 300 connecting at once
 * waits for no database. One thread ("class-presence") writes the changes right after, renews this server's rows
 * every {@code gil-lab.classroom.heartbeat}, and deletes any server's rows older than the expiry: a server that died
 * stops counting its students within the expiry, where +1/-1 messages had left them connected for ever. Whenever
 * someone's presence changes, the class's instructor pages are told to ask again ({@link ClassNews#members}).
 */
@Component
class Presence {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    /** Heartbeats a row may miss before its member stops counting: one late write is not a departure. */
    static final int EXPIRY_HEARTBEATS = 3;

    private final PresenceStore store;
    private final ClassNews news;
    private final Clock clock;
    private final Duration heartbeat;
    private final Duration expiry;
    /** This process's name in the presence rows: new at every start, so that a restarted server's old rows expire. */
    private final String serverId = "presence-" + UUID.randomUUID();
    /** Writes to the database, one change after another in the order they happened; also the heartbeat. */
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("class-presence").daemon().factory());

    /** Guards {@link #open} and {@link #changed}. */
    private final Object lock = new Object();
    /** This server's pages with a class stream open, by member; a member with none is absent. */
    private final Map<Long, Pages> open = new HashMap<>();
    /** Members whose pages here went from none to some or back since the last write, with their class. */
    private final Map<Long, Pages> changed = new LinkedHashMap<>();

    /** A member's open pages on this server, and the class they are of. */
    private record Pages(long classId, String code, int count) {}

    @Autowired
    Presence(PresenceStore store, ClassNews news, ClassroomProperties properties) {
        this(store, news, properties, Clock.systemUTC());
    }

    Presence(PresenceStore store, ClassNews news, ClassroomProperties properties, Clock clock) {
        this.store = store;
        this.news = news;
        this.clock = clock;
        this.heartbeat = properties.heartbeat();
        this.expiry = heartbeat.multipliedBy(EXPIRY_HEARTBEATS);
        long period = heartbeat.toMillis();
        writer.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Counts a page of {@code membership}'s member as open on this server until the returned handle is run (more
     * than once is fine): call it when the page's stream ends, however it ends.
     */
    Runnable pageOpened(Membership membership) {
        long memberId = membership.member().id();
        Classroom c = membership.classroom();
        synchronized (lock) {
            Pages now = open.merge(memberId, new Pages(c.id(), c.code(), 1),
                    (had, one) -> new Pages(had.classId(), had.code(), had.count() + 1));
            if (now.count() == 1) {
                changed.put(memberId, now);
            }
        }
        writeSoon();
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                pageClosed(memberId);
            }
        };
    }

    private void pageClosed(long memberId) {
        synchronized (lock) {
            Pages had = open.get(memberId);
            if (had == null) {
                return;
            }
            if (had.count() > 1) {
                open.put(memberId, new Pages(had.classId(), had.code(), had.count() - 1));
                return;
            }
            open.remove(memberId);
            changed.put(memberId, new Pages(had.classId(), had.code(), 0));
        }
        writeSoon();
    }

    private void writeSoon() {
        try {
            writer.execute(this::writeChanges);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The server is stopping: its rows are removed all at once (stop()).
        }
    }

    /** The members of {@code classroom} connected now, on any server. */
    Set<Long> connected(Classroom classroom) {
        return store.connected(classroom.id(), now().minus(expiry));
    }

    /** How long a member stays connected after their server last renewed them. */
    Duration expiry() {
        return expiry;
    }

    /** Writes the members whose pages here came or went; runs on the writer thread. */
    private void writeChanges() {
        Map<Long, Pages> toWrite;
        synchronized (lock) {
            toWrite = new LinkedHashMap<>(changed);
            changed.clear();
        }
        Set<String> classes = new TreeSet<>();
        toWrite.forEach((memberId, pages) -> {
            try {
                if (pages.count() > 0) {
                    store.seen(serverId, memberId, pages.classId(), now());
                } else {
                    store.gone(serverId, memberId);
                }
                classes.add(pages.code());
            } catch (DataAccessException e) {
                log.warn("Could not record that member {} {} ({}); the next heartbeat tries again", memberId,
                        pages.count() > 0 ? "connected" : "left", e.getMessage());
            }
        });
        classes.forEach(news::members);
    }

    /**
     * Renews this server's rows (writing again any another server expired while this one stalled), then expires
     * rows no server renewed in time, and tells those classes' instructor pages.
     */
    private void beat() {
        try {
            Map<Long, Pages> here;
            synchronized (lock) {
                here = Map.copyOf(open);
            }
            OffsetDateTime now = now();
            if (store.renewAll(serverId, now) < here.size()) {
                here.forEach((memberId, pages) -> store.seen(serverId, memberId, pages.classId(), now));
            }
            store.expire(now.minus(expiry)).forEach(news::members);
        } catch (DataAccessException e) {
            log.warn("Could not renew who is connected to classes here ({}); trying again in {}", e.getMessage(), heartbeat);
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: presence would silently stop.
            log.error("Presence heartbeat failed", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    @PreDestroy
    void stop() {
        writer.shutdownNow();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
            store.forgetServer(serverId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (DataAccessException e) {
            log.warn("Could not remove this server's presence rows ({}); they expire in {}", e.getMessage(), expiry);
        }
    }
}
