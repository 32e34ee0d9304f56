package lab.gil.classroom;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The student's side of a class: joining by code (typed at {@code /join}, or scanned: the QR code's URL
 * {@code /join/{code}} shows the same form with the code filled in), leaving, and the class stream their pages follow.
 */
@Controller
class JoinController {

    static final String JOIN_PAGE = "classroom/join";

    private final Classes classes;

    JoinController(Classes classes) {
        this.classes = classes;
    }

    @GetMapping("/join")
    String showJoinForm(@RequestParam(required = false) String code, HttpServletRequest request, Model model) {
        model.addAttribute("code", code == null ? "" : code);
        model.addAttribute("current", currentMembership(request).orElse(null));
        return JOIN_PAGE;
    }

    /** The QR code's URL: the form, with the code filled in and checked, so a student sees at once if it is stale. */
    @GetMapping("/join/{code}")
    String showScannedJoinForm(@PathVariable String code, HttpServletRequest request, Model model,
                               HttpServletResponse response) {
        model.addAttribute("code", code);
        model.addAttribute("current", currentMembership(request).orElse(null));
        if (classes.findOpen(code).isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            model.addAttribute("error", new Classes.JoinResult.Refused("code", classes.whyNotOpen(code)));
        }
        return JOIN_PAGE;
    }

    @PostMapping("/join")
    String joinClass(@RequestParam(defaultValue = "") String code,
                     @RequestParam(defaultValue = "") String displayName,
                     HttpServletRequest request, HttpServletResponse response, Model model) {
        switch (classes.join(code, displayName, MemberCookie.read(request))) {
            case Classes.JoinResult.Joined(Membership membership, String token) -> {
                MemberCookie.write(response, token, request.isSecure());
                return "redirect:/lessons/" + membership.classroom().lessonId();
            }
            case Classes.JoinResult.Refused refused -> {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                model.addAttribute("code", code);
                model.addAttribute("displayName", displayName);
                model.addAttribute("error", refused);
                model.addAttribute("current", currentMembership(request).orElse(null));
                return JOIN_PAGE;
            }
        }
    }

    @PostMapping("/classes/leave")
    String leaveClass(HttpServletRequest request, HttpServletResponse response) {
        currentMembership(request).ifPresent(classes::leave);
        MemberCookie.clear(response, request.isSecure());
        return "redirect:/";
    }

    private Optional<Membership> currentMembership(HttpServletRequest request) {
        return MemberCookie.read(request).flatMap(classes::membership);
    }
}
