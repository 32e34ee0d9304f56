package lab.gil.cpython.fidelity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import lab.gil.cpython.CPythonEngine;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.web.RunStarter;
import lab.gil.run.web.RunView;
import lab.gil.run.web.SessionRuns;
import lab.gil.security.SecurityConfig;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * "Run it in CPython too": queues a run of exactly a finished run's knobs in real CPython, for whoever ran them, in
 * the run queue like any run, and answers with its status in place of the run's.
 */
@Controller
class CPythonTooController {

    static final String RUN_STATUS = "run/partials :: run-status";
    static final String SCENARIO_ERRORS = "run/partials :: scenario-errors";
    static final String NOT_YOUR_RUN = "Only whoever ran these knobs can run them in CPython from here.";

    private final RunService runs;
    private final RunStarter starter;

    CPythonTooController(RunService runs, RunStarter starter) {
        this.runs = runs;
        this.starter = starter;
    }

    @PostMapping("/runs/{id}/cpython")
    String runInCPythonToo(@PathVariable String id, Model model, HttpServletRequest request,
                           HttpServletResponse response, HttpSession session) {
        Run run = runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No run " + id + " on this server (finished runs are kept for a while, then forgotten)."));
        if (!SessionRuns.of(session).contains(run.id()) && !request.isUserInRole(SecurityConfig.INSTRUCTOR)) {
            return showErrors(HttpStatus.FORBIDDEN, Map.of("run", NOT_YOUR_RUN), model, response);
        }
        return switch (starter.submit(request, starter.requesterOf(request), CPythonEngine.ID, run.scenario(),
                run.lessonId(), null)) {
            case RunStarter.Outcome.Started(Run queued) -> {
                model.addAttribute("run", RunView.of(queued, runs));
                yield RUN_STATUS;
            }
            case RunStarter.Outcome.Refused(HttpStatus status, Map<String, String> errors) ->
                    showErrors(status, errors, model, response);
        };
    }

    /** Answers with the messages in the form's error box, as a refused Run press is answered. */
    private static String showErrors(HttpStatus status, Map<String, String> errors, Model model,
                                     HttpServletResponse response) {
        response.setStatus(status.value());
        response.setHeader("HX-Retarget", "#scenario-errors");
        response.setHeader("HX-Reswap", "outerHTML");
        model.addAttribute("errors", errors);
        return SCENARIO_ERRORS;
    }
}
