package lab.gil.classroom;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The presence rows of {@code V5__presence.sql}: one per server and member with a page of a class open there, with
 * when that server last said so. Times are the writing server's clock, so servers' clocks must agree to within a
 * small part of the expiry (NTP does).
 */
@Repository
class PresenceStore {

    private final JdbcClient jdbc;

    PresenceStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Says that {@code memberId} has a page of {@code classId} open on {@code serverId}, as of {@code now}. */
    @Transactional
    void seen(String serverId, long memberId, long classId, OffsetDateTime now) {
        int renewed = jdbc.sql("UPDATE class_presence SET seen_at = :now WHERE server_id = :server AND member_id = :member")
                .param("now", now).param("server", serverId).param("member", memberId).update();
        if (renewed == 0) {
            jdbc.sql("""
                            INSERT INTO class_presence (server_id, member_id, class_id, seen_at)
                            VALUES (:server, :member, :class, :now)""")
                    .param("server", serverId).param("member", memberId).param("class", classId).param("now", now)
                    .update();
        }
    }

    /** {@code memberId} has no page open on {@code serverId} any more. */
    void gone(String serverId, long memberId) {
        jdbc.sql("DELETE FROM class_presence WHERE server_id = :server AND member_id = :member")
                .param("server", serverId).param("member", memberId).update();
    }

    /** Renews every row of {@code serverId}; returns how many there were. */
    int renewAll(String serverId, OffsetDateTime now) {
        return jdbc.sql("UPDATE class_presence SET seen_at = :now WHERE server_id = :server")
                .param("now", now).param("server", serverId).update();
    }

    /** Deletes the rows of {@code serverId}, for a server that stops. */
    void forgetServer(String serverId) {
        jdbc.sql("DELETE FROM class_presence WHERE server_id = :server").param("server", serverId).update();
    }

    /**
     * Deletes every row last renewed before {@code cutoff} (its server stopped renewing: it died, or stalled) and
     * returns the codes of the classes they were in.
     */
    @Transactional
    Set<String> expire(OffsetDateTime cutoff) {
        List<String> codes = jdbc.sql("""
                        SELECT DISTINCT c.code FROM class_presence p JOIN classes c ON c.id = p.class_id
                        WHERE p.seen_at < :cutoff""")
                .param("cutoff", cutoff).query(String.class).list();
        if (!codes.isEmpty()) {
            jdbc.sql("DELETE FROM class_presence WHERE seen_at < :cutoff").param("cutoff", cutoff).update();
        }
        return new TreeSet<>(codes);
    }

    /** The members of a class with a page open on some server that renewed its row at {@code since} or later. */
    Set<Long> connected(long classId, OffsetDateTime since) {
        return new TreeSet<>(jdbc.sql("""
                        SELECT DISTINCT member_id FROM class_presence WHERE class_id = :class AND seen_at >= :since""")
                .param("class", classId).param("since", since).query(Long.class).list());
    }
}
