package lab.gil.run.execution;

import java.util.Set;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.trace.LaneStyle;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;

/**
 * A kind of worker as one slice: the executors of the scenario language it runs, how it executes a scenario, how
 * its lanes are told, and its own figures (whose record names the summary fragment that shows them). Each kind is a
 * bean in a package of its own; the run side finds it by the scenario's executor, and knows no kind by name.
 */
public interface WorkerKind extends ExecutionFactory {

    /** The executors of the scenario language this kind runs; no two kinds share one. */
    Set<ExecutorKind> executors();

    /** How the lanes of a run of {@code scenario} by this kind are told. */
    LaneStyle laneStyle(Scenario scenario);

    /** Its figures' record, registered to read summaries back from JSON (another server's runs). */
    Class<? extends KindFigures> figures();
}
