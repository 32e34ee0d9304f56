package lab.gil.poll;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import lab.gil.answer.page.ClassPredictions;
import lab.gil.classroom.Classes;
import org.springframework.stereotype.Component;

/** Tells a lesson's answer what a class member predicted in their class's poll, the one prediction they have there. */
@Component
class PollPredictions implements ClassPredictions {

    private final Classes classes;
    private final Polls polls;

    PollPredictions(Classes classes, Polls polls) {
        this.classes = classes;
        this.polls = polls;
    }

    @Override
    public Optional<Prediction> of(String lessonId, HttpServletRequest request) {
        return classes.membership(request)
                .filter(m -> m.classroom().lessonId().equals(lessonId))
                .map(polls::predictionOf);
    }
}
