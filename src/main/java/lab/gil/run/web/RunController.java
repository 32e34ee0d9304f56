package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lab.gil.run.QueueFullException;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.SessionRuns;
import lab.gil.run.StillRunningException;
import lab.gil.run.scenario.Scenario;
import lab.gil.run.scenario.ScenarioParser;
import lab.gil.run.trace.RunTrace;
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
    private final RunLabels labels;
    /** Knobs set for a browser's runs by someone else, such as a class's instructor; none in a web slice. */
    private final List<LockedKnobs> lockedKnobs;
    private final Submitters submitters;
    /** What a finished run's result shows of other features. */
    private final List<RunResultModel> resultModels;
    /** Elements of a page that a run's end changes, by element id. */
    private final Map<String, RunPagePart> pageParts;

    RunController(RunService runs, RunLabels labels, ObjectProvider<LockedKnobs> lockedKnobs, Submitters submitters,
                  ObjectProvider<RunResultModel> resultModels, ObjectProvider<RunPagePart> pageParts) {
        this.runs = runs;
        this.labels = labels;
        this.lockedKnobs = lockedKnobs.orderedStream().toList();
        this.submitters = submitters;
        this.resultModels = resultModels.orderedStream().toList();
        this.pageParts = pageParts.orderedStream().collect(Collectors.toMap(RunPagePart::elementId, p -> p));
    }

    /**
     * Every value of every field is read, not only the first: a knob sent twice (say a hidden {@code split=false}
     * beside a checked {@code split=true}) is refused, since silently taking one would run other work than the
     * form shows. Locked knobs (a class's GIL, set by its instructor) replace what the form sent for them.
     */
    @PostMapping("/runs")
    FragmentsRendering startRun(@RequestParam MultiValueMap<String, String> form, HttpServletRequest request,
                                HttpSession session) {
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
            return showErrors(HttpStatus.BAD_REQUEST, repeated);
        }
        switch (ScenarioParser.parse(knobs)) {
            case ScenarioParser.Result.Invalid(Map<String, String> errors) -> {
                return showErrors(HttpStatus.BAD_REQUEST, errors);
            }
            case ScenarioParser.Result.Valid(Scenario scenario) -> {
                String lessonId = blankToNull(form.getFirst("lessonId"));
                String prediction = blankToNull(form.getFirst("prediction"));
                Map<String, String> mislabelled = labels.problems(lessonId, prediction);
                if (!mislabelled.isEmpty()) {
                    return showErrors(HttpStatus.BAD_REQUEST, mislabelled);
                }
                try {
                    Run run = runs.submit(submitters.of(request), scenario, lessonId, prediction);
                    SessionRuns.of(session).add(run.id());
                    return showStatus(run, null, session);
                } catch (StillRunningException e) {
                    String message = StillRunningException.explain(RunView.of(e.running(), runs).label());
                    return showErrors(HttpStatus.CONFLICT, Map.of("run", message));
                } catch (QueueFullException e) {
                    return showErrors(HttpStatus.SERVICE_UNAVAILABLE, Map.of("queue", e.getMessage()));
                }
            }
        }
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
                                     HttpSession session) {
        return showStatus(find(id), refresh, session);
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
        return showStatus(run, refresh, session);
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
    private FragmentsRendering showStatus(Run run, String refresh, HttpSession session) {
        RunView view = RunView.of(run, runs);
        Map<String, Object> model = new HashMap<>();
        model.put("run", view);
        if (view.active()) {
            return FragmentsRendering.fragment(RUN_STATUS, model).build();
        }
        resultModels.forEach(part -> part.addTo(view, session, model));
        FragmentsRendering.Builder response = FragmentsRendering.fragment(RUN_STATUS, model);
        for (String element : elementIds(refresh)) {
            RunPagePart part = pageParts.get(element);
            if (part != null) {
                part.render(view, session).ifPresent(response::fragment);
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
