package lab.gil.run;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The runs one browser session started, newest last, so that a student can compare any two of them.
 *
 * <p>Invariant: at most {@link #CAPACITY} ids; adding one more forgets the oldest. Requests of one session may
 * arrive together, so every access holds the object's monitor.
 */
public final class SessionRuns implements Serializable {

    /** Enough for a lesson's worth of experiments; the list is a convenience, the runs live in {@link RunService}. */
    public static final int CAPACITY = 20;
    private static final String ATTRIBUTE = SessionRuns.class.getName();

    /** Run ids, oldest first. Guarded by this. */
    private final ArrayDeque<String> ids = new ArrayDeque<>();

    /** The session's list, created on first use. */
    public static SessionRuns of(HttpSession session) {
        synchronized (SessionRuns.class) {
            if (session.getAttribute(ATTRIBUTE) instanceof SessionRuns runs) {
                return runs;
            }
            SessionRuns runs = new SessionRuns();
            session.setAttribute(ATTRIBUTE, runs);
            return runs;
        }
    }

    /**
     * Adds a run to the session's list and stores the list again: sessions live in the database (Spring Session),
     * which saves an attribute only when it is set, not when the object it holds changes.
     */
    public static void record(HttpSession session, String id) {
        SessionRuns runs = of(session);
        runs.add(id);
        session.setAttribute(ATTRIBUTE, runs);
    }

    synchronized void add(String id) {
        ids.remove(id);
        if (ids.size() == CAPACITY) {
            ids.removeFirst();
        }
        ids.addLast(id);
    }

    /** The ids, newest first. */
    public synchronized List<String> newestFirst() {
        List<String> list = new ArrayList<>(ids);
        return list.reversed();
    }

    public synchronized boolean contains(String id) {
        return ids.contains(id);
    }
}
