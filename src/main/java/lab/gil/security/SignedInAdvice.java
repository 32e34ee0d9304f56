package lab.gil.security;

import java.security.Principal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Tells every page who is signed in (an instructor's name, or nobody), for the header's "Sign out". */
@ControllerAdvice
class SignedInAdvice {

    static final String SIGNED_IN = "signedIn";

    @ModelAttribute(SIGNED_IN)
    String signedIn(Principal principal) {
        return principal == null ? null : principal.getName();
    }
}
