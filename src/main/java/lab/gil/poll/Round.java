package lab.gil.poll;

import java.time.OffsetDateTime;

/**
 * One vote of a class on its lesson's question. A reset closes the round and opens the next; rounds are kept.
 *
 * @param revealedAt null while only the instructor may see the predictions
 * @param measured   what was measured when it was revealed; null before
 * @param cpython    what CPython's kept figures answered when it was revealed; null before, and for a round revealed
 *                   before they were kept with it
 * @param closedAt   null for the class's current round
 */
public record Round(long id, long classId, String lessonId, int number, OffsetDateTime openedAt,
                    OffsetDateTime revealedAt, MeasuredAnswer measured, CPythonAnswer cpython,
                    OffsetDateTime closedAt) {

    public boolean revealed() {
        return revealedAt != null;
    }
}
