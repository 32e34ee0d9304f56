package lab.gil.run.measure;

import java.time.Duration;
import lab.gil.run.trace.RunTrace;
import lab.gil.scenario.Scenario;
import lab.gil.stream.EventChannel;

/**
 * What an engine executing a run sees of it: the scenario to run, its time limit, whether someone asked it to stop,
 * and where its progress and lanes go. The run service hands its runs to their {@link RunEngine} through this view,
 * so that executing never reaches back into the queue.
 */
public interface MeasuredRun {

    Scenario scenario();

    /** The longest the run may take; an engine stops it then, with a message saying so. */
    Duration timeLimit();

    /** Whether the run was asked to stop; its workers stop as soon as they notice. */
    boolean stopRequested();

    /** The progress last reported. */
    Progress progress();

    /** Reports progress to the run's page. */
    void progress(Progress progress);

    /** The run's live events, where its lanes stream. */
    EventChannel events();

    /** Keeps the lanes of the run's measured execution, once it has started. */
    void trace(RunTrace trace);
}
