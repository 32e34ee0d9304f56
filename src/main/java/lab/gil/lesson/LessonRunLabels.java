package lab.gil.lesson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import lab.gil.run.web.RunLabels;
import org.springframework.stereotype.Component;

/** A run's lesson must be a lesson of the catalog, and its prediction one of that lesson's answers, word for word. */
@Component
class LessonRunLabels implements RunLabels {

    private final LessonCatalog catalog;

    LessonRunLabels(LessonCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Map<String, String> problems(String lessonId, String prediction) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (lessonId != null && lessonId.length() > MAX_LESSON_ID) {
            problems.put("lesson", "A lesson id has at most " + MAX_LESSON_ID + " characters.");
        }
        if (prediction != null && prediction.length() > MAX_PREDICTION) {
            problems.put("prediction", "A prediction has at most " + MAX_PREDICTION + " characters.");
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        Optional<Lesson> lesson = lessonId == null ? Optional.empty() : catalog.find(lessonId);
        if (lessonId != null && lesson.isEmpty()) {
            problems.put("lesson", "There is no lesson \"" + lessonId + "\".");
        } else if (prediction != null && lesson.isEmpty()) {
            problems.put("prediction", "A prediction answers a lesson's question: send it with the lesson's id.");
        } else if (prediction != null && !lesson.get().prediction().choices().contains(prediction)) {
            problems.put("prediction", "\"" + prediction + "\" is not one of this lesson's answers: "
                    + String.join(" / ", lesson.get().prediction().choices()) + ".");
        }
        return problems;
    }
}
