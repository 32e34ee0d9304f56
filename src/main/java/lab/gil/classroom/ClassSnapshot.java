package lab.gil.classroom;

/**
 * What a student page of a class shows, as one self-contained state: every event of a class stream is a whole
 * snapshot, so a page that missed some (a restart, a dropped connection) is right again with the next one, and
 * {@code version}, kept in the database, tells it which of two snapshots is newer.
 *
 * @param presentedRunId the run every student page follows, null when none is presented
 */
public record ClassSnapshot(String code, String lessonId, boolean open, boolean locked, String gil,
                            double switchIntervalMs, String presentedRunId, long version) {

    static ClassSnapshot of(Classroom c) {
        ClassSettings s = c.settings();
        return new ClassSnapshot(c.code(), c.lessonId(), c.open(), s.locked(), s.gilId(), s.switchIntervalMillis(),
                c.presentedRunId(), s.version());
    }

    /** The snapshot students see once the class is over: nothing locked, nothing presented. */
    ClassSnapshot closed() {
        return new ClassSnapshot(code, lessonId, false, false, gil, switchIntervalMs, null, version + 1);
    }
}
