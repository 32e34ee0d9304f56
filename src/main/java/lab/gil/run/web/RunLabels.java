package lab.gil.run.web;

import java.util.Map;

/**
 * Checks what a run is filed under, the lesson it belongs to and the student's prediction, before they are stored
 * with the run and counted in the lesson's answers. The lessons know what is acceptable; runs do not know lessons.
 */
public interface RunLabels {

    /** The longest lesson id accepted, before looking it up. */
    int MAX_LESSON_ID = 64;
    /** The longest prediction accepted, before comparing it with a lesson's answers. */
    int MAX_PREDICTION = 200;

    /**
     * What is wrong with them, by the name shown beside the message ({@code lesson}, {@code prediction}); empty when
     * both may be stored. Either may be null: a run needs no lesson, and a student may skip the prediction.
     */
    Map<String, String> problems(String lessonId, String prediction);
}
