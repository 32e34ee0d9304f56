package lab.gil.answer.page;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Where a student in a class keeps their prediction: the class's poll, which takes a choice as soon as it is picked,
 * whether or not they run anything. In a class that is the student's one prediction, so the answer under a run (their
 * own or one the instructor presents) says it, not the choice an earlier run was sent with. Implemented by the poll,
 * which knows classes; this side only asks.
 */
public interface ClassPredictions {

    /**
     * The prediction the class member sending {@code request} made in their class's current round, when their class
     * is on {@code lessonId}; empty outside such a class.
     */
    Optional<Prediction> of(String lessonId, HttpServletRequest request);

    /**
     * A class member's prediction in the current round of their class's poll.
     *
     * @param choice the choice; null while they have not predicted in this round
     */
    record Prediction(int round, String choice) {}
}
