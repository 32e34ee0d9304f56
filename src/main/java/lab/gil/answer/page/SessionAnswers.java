package lab.gil.answer.page;

import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import lab.gil.lesson.Lesson;
import org.springframework.stereotype.Component;

/** A lesson's question as one browser session's runs answer it, for features beyond the lesson page (a class's poll). */
@Component
public class SessionAnswers {

    private final LessonRuns lessonRuns;

    SessionAnswers(LessonRuns lessonRuns) {
        this.lessonRuns = lessonRuns;
    }

    /** The answer from {@code session}'s runs of {@code lesson}; its verdict is null when the lesson has no rule. */
    public LessonAnswer of(Lesson lesson, HttpSession session) {
        return LessonAnswer.of(lesson.id(), lesson.answerRule().orElse(null), lessonRuns.of(lesson, session),
                Optional.empty());
    }
}
