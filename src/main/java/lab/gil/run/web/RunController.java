package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.trace.RunTrace;
import lab.gil.run.web.SessionRuns;
import lab.gil.security.SecurityConfig;
import lab.gil.stream.SseStreams;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Starts, shows, streams and stops runs; the bench on a lesson page talks to it through htmx and SSE. */
@Controller
class RunController {

    static final String RUN_STATUS = "run/partials :: run-status";
    static final String SCENARIO_ERRORS = "run/partials :: scenario-errors";
    static final String NOT_YOUR_RUN = "This run was started by someone else: only they, or an instructor, can stop it.";
    /** The htmx event a finished run's status raises on the page. */
    static final String RUN_FINISHED_EVENT = "run-finished";

    private final RunService runs;
    private final SseStreams streams;
    private final RunStarter starter;

    RunController(RunService runs, SseStreams streams, RunStarter starter) {
        this.runs = runs;
        this.streams = streams;
        this.starter = starter;
    }

    /** Starts a run of the form's knobs as whoever sent it (see {@link RunStarter#start}). */
    @PostMapping("/runs")
    String startRun(@RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
                    HttpServletRequest request) {
        return switch (starter.start(request, starter.requesterOf(request), form)) {
            case RunStarter.Outcome.Started(Run run) -> showStatus(run, model, response);
            case RunStarter.Outcome.Refused(HttpStatus status, Map<String, String> errors) ->
                    showErrors(status, errors, model, response);
        };
    }

    /** Answers a form that cannot run with its messages, swapped into the form's error box instead of the status. */
    private static String showErrors(HttpStatus status, Map<String, String> errors, Model model,
                                     HttpServletResponse response) {
        response.setStatus(status.value());
        response.setHeader("HX-Retarget", "#scenario-errors");
        response.setHeader("HX-Reswap", "outerHTML");
        model.addAttribute("errors", errors);
        return SCENARIO_ERRORS;
    }

    @GetMapping("/runs/{id}/status")
    String showRunStatus(@PathVariable String id, Model model, HttpServletResponse response) {
        return showStatus(find(id), model, response);
    }

    /**
     * Only the session that started a run may stop it, or an instructor; anyone else is told so in the form's error
     * box (403), since a run on the projector must not be stoppable from a student's phone.
     */
    @PostMapping("/runs/{id}/stop")
    String stopRun(@PathVariable String id, Model model, HttpServletRequest request, HttpServletResponse response,
                   HttpSession session) {
        Run run = find(id);
        if (!SessionRuns.of(session).contains(run.id()) && !request.isUserInRole(SecurityConfig.INSTRUCTOR)) {
            return showErrors(HttpStatus.FORBIDDEN, Map.of("stop", NOT_YOUR_RUN), model, response);
        }
        runs.stop(run);
        return showStatus(run, model, response);
    }

    @GetMapping(path = "/runs/{id}/events", produces = "text/event-stream")
    SseEmitter streamRunEvents(@PathVariable String id,
                               @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                               @RequestParam(name = "lastEventId", required = false) String resumeAfter) {
        return streams.connect(find(id).events(), SseStreams.lastEventId(lastEventId, resumeAfter));
    }

    @GetMapping(path = "/runs/{id}", produces = "application/json")
    @ResponseBody
    RunView showRun(@PathVariable String id) {
        return RunView.of(find(id), runs);
    }

    /** The workers' state changes of a run, for drawing its lanes after the run and side by side with another. */
    @GetMapping(path = "/runs/{id}/trace", produces = "application/json")
    @ResponseBody
    RunTrace.Snapshot showRunTrace(@PathVariable String id) {
        return find(id).trace().map(RunTrace::snapshot).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "Run " + id + " has no lanes: it has not started, or it is too old to keep them."));
    }

    /** A finished run's status also tells the page (HX-Trigger) that the list of this session's runs changed. */
    private String showStatus(Run run, Model model, HttpServletResponse response) {
        RunView view = RunView.of(run, runs);
        model.addAttribute("run", view);
        if (!view.active()) {
            response.setHeader("HX-Trigger", RUN_FINISHED_EVENT);
        }
        return RUN_STATUS;
    }

    private Run find(String id) {
        return runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No run " + id + " on this server (finished runs are kept for a while, then forgotten)."));
    }
}
