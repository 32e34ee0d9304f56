package lab.gil.classroom;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells lesson pages whether their student is in a class ({@code membership}, null when not), so that the page
 * shows the class bar, locks the knobs the instructor set and follows the class's stream.
 */
@ControllerAdvice(basePackages = "lab.gil.lesson")
class ClassPageAdvice {

    private final Classes classes;

    ClassPageAdvice(Classes classes) {
        this.classes = classes;
    }

    @ModelAttribute("membership")
    Membership membership(HttpServletRequest request) {
        return MemberCookie.read(request).flatMap(classes::membership).orElse(null);
    }
}
