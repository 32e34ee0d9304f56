package lab.gil.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.gil.run.measure.MeasuredRun;
import lab.gil.run.measure.Progress;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.stream.EventChannel;

/**
 * One execution of a scenario requested by a student: queued, running, then done, failed or cancelled.
 *
 * <p>Its fields are written by the dispatcher thread that runs it (or, for a run another server executes, by the
 * queue that relays that server's events) and read by web requests, so every mutable field is volatile and changes
 * together with an event on its channel.
 */
public final class Run {

    /** Events a run's channel keeps for browsers that reconnect. */
    private static final int EVENT_HISTORY = 4_096;
    /** Events a slow browser may lag behind before it is disconnected and must resume. */
    private static final int EVENT_MAILBOX = 1_024;

    private final String id;
    private final Scenario scenario;
    /** What executes the scenario when its turn comes: a {@link lab.gil.run.measure.RunEngine}'s id. */
    private final String engine;
    private final String lessonId;
    private final String prediction;
    /** Who asked for it: whose one run it is, and whose turn it takes. */
    private final Submitter submitter;
    private final Instant createdAt;
    /** Live events of this run: state, progress, summary. */
    private final EventChannel events;
    /** Set by a stop request; the dispatcher acts on it. */
    private final AtomicBoolean stopRequested = new AtomicBoolean();

    private volatile RunState state = RunState.QUEUED;
    private volatile Progress progress;
    private volatile RunSummary summary;
    private volatile String message;
    /** The workers' state changes of the measured execution, once it has started; null before, or when dropped. */
    private volatile RunTrace trace;
    /** The place last told to the page; touched only under the local queue's lock. */
    private int announcedPosition;

    /**
     * A queued run, with a channel of its own whose viewers {@code viewers} counts.
     *
     * @param engine what executes it ({@link lab.gil.run.measure.RunEngine#id()})
     */
    public Run(String id, Scenario scenario, String engine, String lessonId, String prediction, Submitter submitter,
               EventChannel.SubscriberCount viewers) {
        this(id, scenario, engine, lessonId, prediction, submitter, Instant.now(), viewers);
    }

    private Run(String id, Scenario scenario, String engine, String lessonId, String prediction, Submitter submitter,
                Instant createdAt, EventChannel.SubscriberCount viewers) {
        this.id = id;
        this.createdAt = createdAt;
        this.submitter = submitter;
        this.scenario = scenario;
        this.engine = engine;
        this.lessonId = lessonId;
        this.prediction = prediction;
        this.events = new EventChannel("run", EVENT_HISTORY, EVENT_MAILBOX, viewers);
        this.progress = Progress.starting(scenario);
    }

    /**
     * A run that ended earlier, here or on another server, read back from where finished runs are kept: its figures
     * and lanes as they were; its stream has nothing more to say and ends at once.
     */
    public static Run ended(String id, Scenario scenario, String engine, String lessonId, String prediction,
                            Submitter submitter, Instant createdAt, RunState state, String message, Progress progress,
                            RunSummary summary, RunTrace trace, EventChannel.SubscriberCount viewers) {
        if (!state.finished()) {
            throw new IllegalArgumentException("run " + id + " has not ended: " + state);
        }
        Run run = new Run(id, scenario, engine, lessonId, prediction, submitter, createdAt, viewers);
        run.state = state;
        run.message = message;
        if (progress != null) {
            run.progress = progress;
        }
        run.summary = summary;
        run.trace = trace;
        run.events.close();
        return run;
    }

    public String id() { return id; }

    public Scenario scenario() { return scenario; }

    /** What executes the scenario: a {@link lab.gil.run.measure.RunEngine}'s id. */
    public String engine() { return engine; }

    public String lessonId() { return lessonId; }

    /** The answer the student chose before running, or null. */
    public String prediction() { return prediction; }

    public Submitter submitter() { return submitter; }

    public Instant createdAt() { return createdAt; }

    public RunState state() { return state; }

    public Progress progress() { return progress; }

    /** What was measured, once the run is done. */
    public RunSummary summary() { return summary; }

    /** Why the run failed or was cancelled, in words for the student; null otherwise. */
    public String message() { return message; }

    /** The lanes of the run, once its measured execution has started; empty before or once forgotten. */
    public Optional<RunTrace> trace() { return Optional.ofNullable(trace); }

    /** Lets go of the trace to bound memory; the run's figures stay. */
    void forgetTrace() { trace = null; }

    /** The run's live events: state, progress, lanes, summary. */
    public EventChannel events() { return events; }

    boolean stopRequested() { return stopRequested.get(); }

    /** Asks the run to stop: its workers stop as soon as they notice; a queue cancels it if it still waits. */
    public void requestStop() { stopRequested.set(true); }

    /** This run as its engine sees it, with the time limit it has; its setters stay the queue's own. */
    MeasuredRun measured(Duration timeLimit) {
        return new MeasuredRun() {
            @Override public Scenario scenario() { return scenario; }
            @Override public Duration timeLimit() { return timeLimit; }
            @Override public boolean stopRequested() { return Run.this.stopRequested(); }
            @Override public Progress progress() { return progress; }
            @Override public void progress(Progress p) {
                progress = p;
                events.publish("progress", p);
            }
            @Override public EventChannel events() { return events; }
            @Override public void trace(RunTrace t) { trace = t; }
        };
    }

    /** Tells the run's page where the run waits now, 1 for next, when that changed. Called under the queue's lock. */
    void queuedAt(int position) {
        if (position != announcedPosition) {
            announcedPosition = position;
            events.publish("state", new StateEvent(RunState.QUEUED.id(), null, position));
        }
    }

    /**
     * Its turn has come on this server. A queue calls it while a second Run press of the same submitter would wait
     * for it, so that the press sees the run running, not waiting.
     */
    public void start() {
        state = RunState.RUNNING;
        events.publish("state", new StateEvent(RunState.RUNNING.id(), null, 0));
    }

    void finish(RunSummary s) {
        summary = s;
        events.publish("summary", s);
        end(RunState.DONE, null);
    }

    /** Ends the run here, telling its page why; a queue ends a waiting run it takes out this way. */
    public void end(RunState end, String why) {
        message = why;
        state = end;
        events.publish("state", new StateEvent(end.id(), why, 0));
    }

    /**
     * Takes on a state published by the server that executes this run, whose events reach this server's stream
     * by relay: nothing is published here.
     */
    public void mirrorState(RunState s, String why) {
        message = why;
        state = s;
    }

    /** Takes on progress another server published; see {@link #mirrorState}. */
    public void mirrorProgress(Progress p) { progress = p; }

    /** Takes on the summary another server published; see {@link #mirrorState}. */
    public void mirrorSummary(RunSummary s) { summary = s; }

    /**
     * The {@code state} event, the one way a run's state reaches its page: the state's id ({@link RunState#id()}),
     * why the run ended early when it did, and its place in the queue while it waits (1 for next; 0 otherwise).
     * A waiting run gets one each time its place changes.
     */
    public record StateEvent(String state, String message, int queuePosition) {}
}
