package lab.gil.run;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import lab.gil.run.measure.MeasuredRun;
import lab.gil.run.measure.Progress;
import lab.gil.scenario.Scenario;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.RunTrace;
import lab.gil.stream.EventChannel;

/**
 * One execution of a scenario requested by a student: queued, running, then done, failed or cancelled.
 *
 * <p>Its fields are written by the dispatcher thread that runs it and read by web requests, so every mutable
 * field is volatile and changes together with an event on its channel.
 */
public final class Run {

    private final String id;
    private final Scenario scenario;
    private final String lessonId;
    private final String prediction;
    /** Who asked for it: whose one run it is, and whose turn it takes. */
    private final Submitter submitter;
    private final Instant createdAt = Instant.now();
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

    Run(String id, Scenario scenario, String lessonId, String prediction, Submitter submitter, EventChannel events) {
        this.id = id;
        this.submitter = submitter;
        this.scenario = scenario;
        this.lessonId = lessonId;
        this.prediction = prediction;
        this.events = events;
        this.progress = Progress.starting(scenario);
    }

    public String id() { return id; }

    public Scenario scenario() { return scenario; }

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
    public java.util.Optional<RunTrace> trace() { return java.util.Optional.ofNullable(trace); }

    void trace(RunTrace t) { trace = t; }

    /** Lets go of the trace to bound memory; the run's figures stay. */
    void forgetTrace() { trace = null; }

    /** The run's live events: state, progress, lanes, summary. */
    public EventChannel events() { return events; }

    /** This run as its measurement sees it; its setters stay the queue's own. */
    MeasuredRun measured() {
        return new MeasuredRun() {
            @Override public Scenario scenario() { return scenario; }
            @Override public boolean stopRequested() { return Run.this.stopRequested(); }
            @Override public Progress progress() { return progress; }
            @Override public void progress(Progress p) { Run.this.progress(p); }
            @Override public EventChannel events() { return events; }
            @Override public void trace(RunTrace t) { Run.this.trace(t); }
        };
    }

    boolean stopRequested() { return stopRequested.get(); }

    void requestStop() { stopRequested.set(true); }

    /** Tells the run's page where the run waits now, 1 for next, when that changed. Called under the queue's lock. */
    void queuedAt(int position) {
        if (position != announcedPosition) {
            announcedPosition = position;
            events.publish("state", new StateEvent(RunState.QUEUED.id(), null, position));
        }
    }

    /** The place last told to the page; touched only under the queue's lock. */
    private int announcedPosition;

    void start() {
        state = RunState.RUNNING;
        events.publish("state", new StateEvent(RunState.RUNNING.id(), null, 0));
    }

    void progress(Progress p) {
        progress = p;
        events.publish("progress", p);
    }

    void finish(RunSummary s) {
        summary = s;
        events.publish("summary", s);
        end(RunState.DONE, null);
    }

    void end(RunState end, String why) {
        message = why;
        state = end;
        events.publish("state", new StateEvent(end.id(), why, 0));
    }

    /**
     * Takes on a state published by the server that executes this run, whose events reach this server's stream
     * by relay: nothing is published here.
     */
    void mirrorState(RunState s, String why) {
        message = why;
        state = s;
    }

    void mirrorProgress(Progress p) { progress = p; }

    void mirrorSummary(RunSummary s) { summary = s; }

    /**
     * The {@code state} event, the one way a run's state reaches its page: the state's id ({@link RunState#id()}),
     * why the run ended early when it did, and its place in the queue while it waits (1 for next; 0 otherwise).
     * A waiting run gets one each time its place changes.
     */
    record StateEvent(String state, String message, int queuePosition) {}
}
