package lab.gil.security;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** Where an instructor lands after signing in, until the class dashboard takes this URL over. */
@Controller
class InstructorHomeController {

    static final String INSTRUCTOR_HOME_PAGE = "security/instructor";

    @GetMapping(SecurityConfig.INSTRUCTOR_HOME)
    String showInstructorHome() {
        return INSTRUCTOR_HOME_PAGE;
    }
}
