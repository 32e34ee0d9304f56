package lab.gil.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.WebAttributes;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The instructor's sign-in page; Spring Security itself checks the form it posts. */
@Controller
class SignInController {

    static final String SIGN_IN_PAGE = "security/signin";
    /** The query parameter Spring Security adds when it sends a failed sign-in back here. */
    static final String FAILED = "failed";
    static final String WRONG_PASSWORD = "That username and password do not match.";

    @GetMapping(SecurityConfig.SIGN_IN)
    String showSignIn(HttpServletRequest request, HttpSession session, Model model) {
        if (request.getParameterMap().containsKey(FAILED)) {
            model.addAttribute("failure", failureMessage(session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)));
            model.addAttribute("username", session.getAttribute(SignInAttempts.LAST_USERNAME));
        }
        return SIGN_IN_PAGE;
    }

    /** Never says whether it was the username or the password that was wrong. */
    private static String failureMessage(Object failure) {
        if (failure instanceof AuthenticationException e && !(e instanceof BadCredentialsException)
                && e.getMessage() != null && e instanceof ClearMessage) {
            return e.getMessage();
        }
        return WRONG_PASSWORD;
    }

    /** An authentication failure whose message is written for the person signing in. */
    interface ClearMessage {
    }
}
