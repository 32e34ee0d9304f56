package lab.gil.classroom;

import java.time.OffsetDateTime;

/**
 * A class an instructor opened for a lesson.
 *
 * @param closedAt       null while the class is open
 * @param presentedRunId the run every student page follows, null when none is presented
 */
public record Classroom(long id, String code, String lessonId, String openedBy, OffsetDateTime openedAt,
                        OffsetDateTime closedAt, String presentedRunId, ClassSettings settings) {

    public boolean open() {
        return closedAt == null;
    }

    /** The path a student opens to join: what the QR code says, after the server's address. */
    public String joinPath() {
        return "/join/" + code;
    }
}
