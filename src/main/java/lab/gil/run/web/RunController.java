package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.trace.RunTrace;
import lab.gil.run.web.SessionRuns;
import lab.gil.security.SecurityConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.view.FragmentsRendering;

/**
 * Starts, shows and stops runs; the bench on a lesson page talks to it through htmx, and follows a run's events on
 * its page's stream ({@link RunStreamPart}).
 *
 * <p>A run's status is rendered when it starts; the page then moves it on from the stream's events alone, and asks
 * for it once more when the run has ended: that one response also brings up to date what the run's end changed
 * elsewhere on the page ({@link RunResultModel}, {@link RunPagePart}).
 */
@Controller
class RunController {

    static final String RUN_STATUS = "run/partials :: run-status";
    static final String SCENARIO_ERRORS = "run/partials :: scenario-errors";
    static final String NOT_YOUR_RUN = "This run was started by someone else: only they, or an instructor, can stop it.";

    private final RunService runs;
    private final RunStarter starter;
    /** What a finished run's result shows of other features. */
    private final List<RunResultModel> resultModels;
    /** Elements of a page that a run's end changes, by element id. */
    private final Map<String, RunPagePart> pageParts;

    RunController(RunService runs, RunStarter starter, ObjectProvider<RunResultModel> resultModels,
                  ObjectProvider<RunPagePart> pageParts) {
        this.runs = runs;
        this.starter = starter;
        this.resultModels = resultModels.orderedStream().toList();
        this.pageParts = pageParts.orderedStream().collect(Collectors.toMap(RunPagePart::elementId, p -> p));
    }

    /** Starts a run of the form's knobs as whoever sent it (see {@link RunStarter#start}). */
    @PostMapping("/runs")
    FragmentsRendering startRun(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request) {
        return switch (starter.start(request, starter.requesterOf(request), form)) {
            case RunStarter.Outcome.Started(Run run) -> showStatus(run, null, request);
            case RunStarter.Outcome.Refused(HttpStatus status, Map<String, String> errors) -> showErrors(status, errors);
        };
    }

    /** Answers a form that cannot run with its messages, swapped into the form's error box instead of the status. */
    private static FragmentsRendering showErrors(HttpStatus status, Map<String, String> errors) {
        return FragmentsRendering.fragment(SCENARIO_ERRORS, Map.of("errors", errors)).status(status)
                .header("HX-Retarget", "#scenario-errors").header("HX-Reswap", "outerHTML").build();
    }

    /** A run's status; once it has ended, with the page's elements it changed ({@value RunPagePart#REFRESH}). */
    @GetMapping("/runs/{id}/status")
    FragmentsRendering showRunStatus(@PathVariable String id,
                                     @RequestParam(name = RunPagePart.REFRESH, required = false) String refresh,
                                     HttpServletRequest request) {
        return showStatus(find(id), refresh, request);
    }

    /**
     * Only the session that started a run may stop it, or an instructor; anyone else is told so in the form's error
     * box (403), since a run on the projector must not be stoppable from a student's phone.
     */
    @PostMapping("/runs/{id}/stop")
    FragmentsRendering stopRun(@PathVariable String id,
                               @RequestParam(name = RunPagePart.REFRESH, required = false) String refresh,
                               HttpServletRequest request, HttpSession session) {
        Run run = find(id);
        if (!SessionRuns.of(session).contains(run.id()) && !request.isUserInRole(SecurityConfig.INSTRUCTOR)) {
            return showErrors(HttpStatus.FORBIDDEN, Map.of("stop", NOT_YOUR_RUN));
        }
        runs.stop(run);
        return showStatus(run, refresh, request);
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

    /**
     * The run's status; a finished run's also holds what its result shows of other features (the lesson's answer),
     * and comes with the elements of the page named in {@code refresh} that the run's end changed, out of band.
     */
    private FragmentsRendering showStatus(Run run, String refresh, HttpServletRequest request) {
        RunView view = RunView.of(run, runs);
        Map<String, Object> model = new HashMap<>();
        model.put("run", view);
        if (view.active()) {
            return FragmentsRendering.fragment(RUN_STATUS, model).build();
        }
        resultModels.forEach(part -> part.addTo(view, request, model));
        FragmentsRendering.Builder response = FragmentsRendering.fragment(RUN_STATUS, model);
        for (String element : elementIds(refresh)) {
            RunPagePart part = pageParts.get(element);
            if (part != null) {
                part.render(view, request).ifPresent(response::fragment);
            }
        }
        return response.build();
    }

    private static Set<String> elementIds(String refresh) {
        return refresh == null ? Set.of()
                : Arrays.stream(refresh.split("[\\s,]+")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private Run find(String id) {
        return runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No run " + id + " on this server (finished runs are kept for a while, then forgotten)."));
    }
}
