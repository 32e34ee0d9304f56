package lab.gil.poll;

import jakarta.servlet.http.HttpServletRequest;
import lab.gil.classroom.Classes;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * Tells a lesson page of a class member the class's poll ({@code classPoll}, null outside a class and on the pages of
 * other lessons, whose choices the poll does not take): the page sends each prediction as it is chosen, shows it
 * checked after a reload, and shows the class's predictions once revealed.
 */
@ControllerAdvice(basePackages = "lab.gil.lesson")
class PollPageAdvice {

    /** Absent in a web slice that tests lesson pages without a database: then nobody is in a class. */
    private final ObjectProvider<Classes> classes;
    private final ObjectProvider<Polls> polls;

    PollPageAdvice(ObjectProvider<Classes> classes, ObjectProvider<Polls> polls) {
        this.classes = classes;
        this.polls = polls;
    }

    /** {@code id} is the lesson of a lesson page (the list of lessons has none). */
    @ModelAttribute("classPoll")
    ClassPoll classPoll(@PathVariable(name = "id", required = false) String lessonId, HttpServletRequest request) {
        Classes availableClasses = classes.getIfAvailable();
        Polls availablePolls = polls.getIfAvailable();
        if (availableClasses == null || availablePolls == null || lessonId == null) {
            return null;
        }
        return availableClasses.membership(request)
                .filter(m -> m.classroom().lessonId().equals(lessonId))
                .map(availablePolls::forMember).orElse(null);
    }
}
