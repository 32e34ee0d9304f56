package lab.gil.poll;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Membership;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** A student's side of the class's poll: predicting, and seeing the class's predictions once they are revealed. */
@Controller
class PollController {

    static final String PREDICTION_RECEIPT = "poll/partials :: prediction-receipt";
    static final String CLASS_POLL = "poll/partials :: class-poll";
    /** The event a taken prediction raises on the student's page, so that what shows the prediction asks again. */
    static final String PREDICTION_CHANGED = "prediction-changed";
    /** The longest prediction read; the lesson's choices are far shorter, so anything longer is refused unread. */
    static final int MAX_PREDICTION_LENGTH = 200;

    private final Polls polls;
    private final Classes classes;

    PollController(Polls polls, Classes classes) {
        this.polls = polls;
        this.classes = classes;
    }

    /**
     * Records the choice a member just picked; a changed mind replaces it. A refused choice is answered with why,
     * and with the choice the poll still holds for them, which their page checks again.
     */
    @PostMapping("/classes/{code}/predictions")
    String makePrediction(@PathVariable String code, @RequestParam(defaultValue = "") String prediction,
                          HttpServletRequest request, HttpServletResponse response, Model model) {
        Membership membership = member(code, request);
        String choice = prediction.length() > MAX_PREDICTION_LENGTH ? "" : prediction;
        try {
            Round round = polls.predict(membership, choice);
            response.setHeader("HX-Trigger", PREDICTION_CHANGED);
            model.addAttribute("choice", choice);
            model.addAttribute("round", round.number());
            model.addAttribute("message", null);
        } catch (PredictionRefused refused) {
            response.setStatus(refused.status().value());
            model.addAttribute("choice", polls.predictionOf(membership).choice());
            model.addAttribute("message", refused.getMessage());
        }
        return PREDICTION_RECEIPT;
    }

    /** The class's predictions beside the measured answer, once the instructor has revealed them; 403 before. */
    @GetMapping("/classes/{code}/poll")
    String showClassPoll(@PathVariable String code, HttpServletRequest request, Model model) {
        Membership membership = member(code, request);
        Reveal reveal = polls.revealed(membership.classroom()).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.FORBIDDEN, "Only your instructor sees the predictions before they are revealed."));
        model.addAttribute("code", code);
        model.addAttribute("reveal", reveal);
        return CLASS_POLL;
    }

    private Membership member(String code, HttpServletRequest request) {
        return classes.membership(request).filter(m -> m.classroom().code().equals(code))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN,
                        "This browser is not in an open class " + code + ": join it at /join."));
    }
}
