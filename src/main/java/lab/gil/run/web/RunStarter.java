package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.run.Run;
import lab.gil.run.RunQueue;
import lab.gil.run.RunService;
import lab.gil.run.Submitter;
import lab.gil.run.measure.RunEngine;
import lab.gil.run.web.SessionRuns;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import lab.gil.security.SecurityConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;

/**
 * Turns a request to run into a queued run, the one way every Run press takes (a student's form, an instructor
 * presenting a preset): who is asking, the knobs locked for them, the form's knobs checked, the labels checked.
 */
@Component
public class RunStarter {

    private final RunService runs;
    private final RunLabels labels;
    /** Absent in a web slice without a classroom: then nobody is in a class. */
    private final ObjectProvider<ClassSeats> seats;

    RunStarter(RunService runs, RunLabels labels, ObjectProvider<ClassSeats> seats) {
        this.runs = runs;
        this.labels = labels;
        this.seats = seats;
    }

    /**
     * Who presses Run, for the queue's turns, and the knobs locked for them.
     *
     * @param submitter   a signed-in instructor goes first; a class member takes turns with their class; any other
     *                    browser session is a group of its own
     * @param lockedKnobs knobs that replace what the form sent, so that a page that was tampered with, or not yet
     *                    updated, still runs what the class runs
     */
    public record Requester(Submitter submitter, Map<String, String> lockedKnobs) {

        /** The same requester with {@code more} knobs locked, say those of the class an instructor presents to. */
        public Requester lockedAlso(Map<String, String> more) {
            Map<String, String> all = new LinkedHashMap<>(lockedKnobs);
            all.putAll(more);
            return new Requester(submitter, Map.copyOf(all));
        }
    }

    /** What became of a request to run. */
    public sealed interface Outcome {

        /** The run is queued (or replaced the requester's waiting one). */
        record Started(Run run) implements Outcome {}

        /** Nothing was queued: each message by the name of the field or rule it is about, and the HTTP status. */
        record Refused(HttpStatus status, Map<String, String> errors) implements Outcome {}
    }

    public Requester requesterOf(HttpServletRequest request) {
        if (request.isUserInRole(SecurityConfig.INSTRUCTOR)) {
            return new Requester(Submitter.instructor(request.getRemoteUser()), Map.of());
        }
        ClassSeats classSeats = seats.getIfAvailable();
        Optional<ClassSeats.Seat> seat = classSeats == null ? Optional.empty() : classSeats.seatOf(request);
        return seat.map(s -> new Requester(s.submitter(), s.lockedKnobs()))
                .orElseGet(() -> new Requester(Submitter.session(request.getSession().getId()), Map.of()));
    }

    /**
     * Queues a run of the knobs {@code form} sent, as {@code by}, filed under the form's {@code lessonId} and
     * {@code prediction}, and adds it to the session's runs. Every value of every field is read, not only the
     * first: a knob sent twice (say a hidden {@code split=false} beside a checked {@code split=true}) is refused,
     * since silently taking one would run other work than the form shows. Locked knobs replace what the form sent.
     */
    public Outcome start(HttpServletRequest request, Requester by, MultiValueMap<String, String> form) {
        Map<String, String> knobs = new LinkedHashMap<>();
        Map<String, String> repeated = new LinkedHashMap<>();
        for (String knob : ScenarioParser.KNOBS) {
            List<String> values = form.getOrDefault(knob, List.of());
            if (by.lockedKnobs().containsKey(knob)) {
                knobs.put(knob, by.lockedKnobs().get(knob));
                continue;
            }
            if (values.size() > 1) {
                repeated.put(knob, "Sent " + values.size() + " times (" + String.join(", ", values)
                        + "); a knob takes one value.");
            }
            knobs.put(knob, values.isEmpty() ? null : values.getFirst());
        }
        if (!repeated.isEmpty()) {
            return new Outcome.Refused(HttpStatus.BAD_REQUEST, repeated);
        }
        return switch (ScenarioParser.parse(knobs)) {
            case ScenarioParser.Result.Invalid(Map<String, String> errors) ->
                    new Outcome.Refused(HttpStatus.BAD_REQUEST, errors);
            case ScenarioParser.Result.Valid(Scenario scenario) ->
                    submit(request, by, RunEngine.EMULATION, scenario, blankToNull(form.getFirst("lessonId")),
                            blankToNull(form.getFirst("prediction")));
        };
    }

    /**
     * Queues a run of {@code scenario}, already checked, by the engine named {@code engine} as {@code by}, filed
     * under {@code lessonId} and {@code prediction} (checked here), and adds it to the session's runs: a second
     * engine's run of knobs a student ran already, such as "Run it in CPython too".
     */
    public Outcome submit(HttpServletRequest request, Requester by, String engine, Scenario scenario, String lessonId,
                          String prediction) {
        Map<String, String> mislabelled = labels.problems(lessonId, prediction);
        if (!mislabelled.isEmpty()) {
            return new Outcome.Refused(HttpStatus.BAD_REQUEST, mislabelled);
        }
        try {
            Run run = runs.submit(by.submitter(), engine, scenario, lessonId, prediction);
            SessionRuns.record(request.getSession(), run.id());
            return new Outcome.Started(run);
        } catch (RunQueue.StillRunning e) {
            String message = RunQueue.StillRunning.explain(RunView.of(e.running(), runs).label());
            return new Outcome.Refused(HttpStatus.CONFLICT, Map.of("run", message));
        } catch (RunQueue.Full e) {
            return new Outcome.Refused(HttpStatus.SERVICE_UNAVAILABLE, Map.of("queue", e.getMessage()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
