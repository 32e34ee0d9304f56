package lab.gil.run.measure;

import lab.gil.run.execution.EndedEarly;
import lab.gil.run.summary.RunSummary;

/**
 * What a run's turn on the cores is spent on: the emulation ({@link RunMeasurer}), or another engine that runs the
 * same scenario, such as a real CPython. Every queued run names its engine by {@link #id()}; the run service
 * executes it with the engine bean of that id, one run at a time, after the queue's fair order, whatever the engine.
 */
public interface RunEngine {

    /** The emulation's id, every run's engine unless it names another. */
    String EMULATION = "emulation";

    /** The name a run asks for this engine by, kept with it in the queue (at most 32 characters). */
    String id();

    /**
     * Executes {@code run}, reporting progress to it, and returns what was measured.
     *
     * @throws EndedEarly when it was stopped, ran out of its time limit, or could not finish, with the words for the
     *                    student
     */
    RunSummary execute(MeasuredRun run) throws InterruptedException, EndedEarly;
}
