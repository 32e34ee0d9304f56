package lab.gil.run.web;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs one browser session started, newest last, so that a student can compare any two of them.
 *
 * <p>Invariant: at most {@link #CAPACITY} ids; adding one more forgets the oldest. Sessions live in the database
 * (Spring Session JDBC) and outlive a server, also one of an older or newer version during a rolling restart, so
 * the session holds only a JDK type (an {@link ArrayList} of ids), never a class of ours whose name or shape may
 * change, and the list is set again whenever it changes: the database is written only on a set.
 */
public final class SessionRuns {

    /** Enough for a lesson's worth of experiments; the list is a convenience, the runs live in the run queue. */
    public static final int CAPACITY = 20;
    static final String ATTRIBUTE = "gil-lab.session-runs";

    /** Run ids, oldest first. */
    private final List<String> ids;

    private SessionRuns(List<String> ids) {
        this.ids = List.copyOf(ids);
    }

    /** The session's runs as they are now. */
    public static SessionRuns of(HttpSession session) {
        return new SessionRuns(stored(session));
    }

    /** Adds a run to the session's list, forgetting the oldest beyond {@link #CAPACITY}. */
    public static void record(HttpSession session, String id) {
        // Two requests of one session at once each read the list and the later write wins: Spring Session keeps
        // no lock across servers. A student's two tabs pressing Run in the same instant may list one run only.
        ArrayList<String> ids = new ArrayList<>(stored(session));
        ids.remove(id);
        if (ids.size() >= CAPACITY) {
            ids.subList(0, ids.size() - CAPACITY + 1).clear();
        }
        ids.add(id);
        session.setAttribute(ATTRIBUTE, ids);
    }

    private static List<String> stored(HttpSession session) {
        return session.getAttribute(ATTRIBUTE) instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : List.of();
    }

    /** The ids, newest first. */
    public List<String> newestFirst() {
        return ids.reversed();
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }
}
