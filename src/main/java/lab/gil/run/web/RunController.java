package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.gil.run.QueueFullException;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.SessionRuns;
import lab.gil.run.StillRunningException;
import lab.gil.run.scenario.Scenario;
import lab.gil.run.scenario.ScenarioParser;
import lab.gil.run.trace.RunTrace;
import lab.gil.security.SecurityConfig;
import lab.gil.stream.SseStreams;
import org.springframework.beans.factory.ObjectProvider;
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
    private final RunLabels labels;
    /** Knobs set for a browser's runs by someone else, such as a class's instructor; none in a web slice. */
    private final List<LockedKnobs> lockedKnobs;
    private final Submitters submitters;

    RunController(RunService runs, SseStreams streams, RunLabels labels, ObjectProvider<LockedKnobs> lockedKnobs,
                  Submitters submitters) {
        this.runs = runs;
        this.streams = streams;
        this.labels = labels;
        this.lockedKnobs = lockedKnobs.orderedStream().toList();
        this.submitters = submitters;
    }

    /**
     * Every value of every field is read, not only the first: a knob sent twice (say a hidden {@code split=false}
     * beside a checked {@code split=true}) is refused, since silently taking one would run other work than the
     * form shows. Locked knobs (a class's GIL, set by its instructor) replace what the form sent for them.
     */
    @PostMapping("/runs")
    String startRun(@RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
                    HttpServletRequest request, HttpSession session) {
        Map<String, String> locked = new LinkedHashMap<>();
        for (LockedKnobs source : lockedKnobs) {
            locked.putAll(source.lockedFor(request));
        }
        Map<String, String> knobs = new LinkedHashMap<>();
        Map<String, String> repeated = new LinkedHashMap<>();
        for (String knob : ScenarioParser.KNOBS) {
            List<String> values = form.getOrDefault(knob, List.of());
            if (locked.containsKey(knob)) {
                knobs.put(knob, locked.get(knob));
                continue;
            }
            if (values.size() > 1) {
                repeated.put(knob, "Sent " + values.size() + " times (" + String.join(", ", values)
                        + "); a knob takes one value.");
            }
            knobs.put(knob, values.isEmpty() ? null : values.getFirst());
        }
        if (!repeated.isEmpty()) {
            return showErrors(HttpStatus.BAD_REQUEST, repeated, model, response);
        }
        switch (ScenarioParser.parse(knobs)) {
            case ScenarioParser.Result.Invalid(Map<String, String> errors) -> {
                return showErrors(HttpStatus.BAD_REQUEST, errors, model, response);
            }
            case ScenarioParser.Result.Valid(Scenario scenario) -> {
                String lessonId = blankToNull(form.getFirst("lessonId"));
                String prediction = blankToNull(form.getFirst("prediction"));
                Map<String, String> mislabelled = labels.problems(lessonId, prediction);
                if (!mislabelled.isEmpty()) {
                    return showErrors(HttpStatus.BAD_REQUEST, mislabelled, model, response);
                }
                try {
                    Run run = runs.submit(submitters.of(request), scenario, lessonId, prediction);
                    SessionRuns.record(session, run.id());
                    return showStatus(run, model, response);
                } catch (StillRunningException e) {
                    String message = StillRunningException.explain(RunView.of(e.running(), runs).label());
                    return showErrors(HttpStatus.CONFLICT, Map.of("run", message), model, response);
                } catch (QueueFullException e) {
                    return showErrors(HttpStatus.SERVICE_UNAVAILABLE, Map.of("queue", e.getMessage()), model, response);
                }
            }
        }
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
