package lab.gil.compare;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import lab.gil.run.RunService;
import lab.gil.run.web.RunView;
import lab.gil.run.web.SessionRuns;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The runs of this browser session, and any two of them side by side on one time axis (GIL on against off,
 * threads against processes).
 */
@Controller
class CompareController {

    static final String RUN_HISTORY = "compare/partials :: run-history";
    static final String COMPARE_PAGE = "compare/page";

    private final RunService runs;

    CompareController(RunService runs) {
        this.runs = runs;
    }

    /** The list of this session's runs, with a picker to compare two; the lesson page loads it with htmx. */
    @GetMapping("/runs/mine")
    String showSessionRuns(HttpSession session, Model model) {
        model.addAttribute("runs", sessionRuns(session));
        return RUN_HISTORY;
    }

    @GetMapping("/compare")
    String showComparison(@RequestParam(required = false) String a, @RequestParam(required = false) String b,
                          HttpSession session, Model model) {
        List<RunView> mine = sessionRuns(session);
        model.addAttribute("runs", mine);
        // Any run id can be compared (a link shared on the big screen), not only this session's.
        Optional<RunView> left = view(a);
        Optional<RunView> right = view(b);
        model.addAttribute("a", left.orElse(null));
        model.addAttribute("b", right.orElse(null));
        model.addAttribute("missing", (a != null && left.isEmpty()) || (b != null && right.isEmpty()));
        return COMPARE_PAGE;
    }

    private Optional<RunView> view(String id) {
        if (id == null || id.isBlank()) {
            return Optional.empty();
        }
        return runs.find(id.strip()).map(r -> RunView.of(r, runs));
    }

    private List<RunView> sessionRuns(HttpSession session) {
        return SessionRuns.of(session).newestFirst().stream()
                .flatMap(id -> runs.find(id).stream())
                .map(r -> RunView.of(r, runs))
                .toList();
    }
}
