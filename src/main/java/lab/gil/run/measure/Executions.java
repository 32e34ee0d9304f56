package lab.gil.run.measure;

import java.time.Duration;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ThreadExecution;
import lab.gil.run.greenlet.GreenletExecution;
import lab.gil.run.process.ProcessExecution;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;

/**
 * The execution factory of every executor kind: the one place that knows which kind of worker runs which
 * {@link ExecutorKind}, so that measuring a run never asks. A new kind adds a case here (the switch is exhaustive,
 * so the compiler asks for it).
 */
final class Executions {

    /** Makes process executions; on a server without worker processes, one that says so. */
    private final ExecutionFactory processes;

    /** The executions of a server whose worker processes are {@code workerPool}, or null when it runs threads only. */
    Executions(WorkerPool workerPool) {
        this.processes = ProcessExecution.factory(workerPool);
    }

    ExecutionFactory factoryFor(ExecutorKind kind) {
        return switch (kind) {
            case SEQUENTIAL, THREADS -> ThreadExecution.FACTORY;
            case PROCESSES, PROCESS_PER_TASK -> processes;
            case GREENLETS -> GreenletExecution.FACTORY;
        };
    }

    /** A new execution of {@code scenario} by the kind of worker its executor names. */
    Execution create(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live)
            throws EndedEarly {
        return factoryFor(scenario.executor()).create(scenario, calibration, observePeriod, live);
    }
}
