package lab.gil.run;

import java.util.UUID;

/**
 * Who asked for a run, as the queue sees them: the queue holds one run of each submitter at a time and gives each
 * group its turn, an instructor's runs before everyone else's.
 *
 * @param id         one person: a browser session, or a class member
 * @param group      whose turn the run takes: a class (all its members share the turns), or the lone session itself
 * @param instructor whether the run goes before every other waiting run
 */
public record Submitter(String id, String group, boolean instructor) {

    public Submitter {
        if (id == null || id.isBlank() || group == null || group.isBlank()) {
            throw new IllegalArgumentException("a submitter has an id and a group");
        }
    }

    /** A browser session of no class: its own group. */
    public static Submitter session(String sessionId) {
        return new Submitter("session:" + sessionId, "session:" + sessionId, false);
    }

    /** A member of a class: the class's members take turns with the rest of the server as one group. */
    public static Submitter classMember(String memberId, String classCode) {
        return new Submitter("member:" + memberId, "class:" + classCode, false);
    }

    /** An instructor: their runs go first. */
    public static Submitter instructor(String instructorId) {
        return new Submitter("instructor:" + instructorId, "instructor:" + instructorId, true);
    }

    /** A submitter nobody else is, for a run asked for outside any session (tests, benchmarks). */
    public static Submitter anonymous() {
        return session("anonymous-" + UUID.randomUUID());
    }
}
