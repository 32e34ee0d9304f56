package lab.gil.classroom;

import java.time.OffsetDateTime;

/**
 * A student in a class.
 *
 * @param displayName what the student chose to be called, null for a student who stays anonymous
 */
public record Member(long id, long classId, String displayName, OffsetDateTime joinedAt) {

    /** The name the instructor sees; shown escaped, like every text a student typed. */
    public String label() {
        return displayName == null ? "anonymous #" + id : displayName;
    }
}
