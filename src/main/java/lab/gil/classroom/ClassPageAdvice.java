package lab.gil.classroom;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells lesson pages whether their student is in a class ({@code membership}, null when not), so that the page
 * shows the class bar, locks the knobs the instructor set and follows the class's stream.
 */
@ControllerAdvice(basePackages = "lab.gil.lesson")
class ClassPageAdvice {

    /** Absent in a web slice that tests lesson pages without a database: then nobody is in a class. */
    private final ObjectProvider<Classes> classes;

    ClassPageAdvice(ObjectProvider<Classes> classes) {
        this.classes = classes;
    }

    @ModelAttribute("membership")
    Membership membership(HttpServletRequest request) {
        Classes available = classes.getIfAvailable();
        if (available == null) {
            return null;
        }
        return MemberCookie.read(request).flatMap(available::membership).orElse(null);
    }
}
