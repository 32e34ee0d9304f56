package lab.gil.run.process;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.WorkerState;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.WorkerKind;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.trace.LaneStyle;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Worker processes, each with its own interpreter and GIL: a pool, or one process per task. */
@Component
public final class ProcessKind implements WorkerKind {

    /** Its name in a summary's JSON. */
    static final String NAME = "processes";
    static final String SUMMARY_TEMPLATE = "run/kinds/processes";

    /** The server's worker processes; null on a server that runs threads only. */
    private final WorkerPool pool;

    /** Spring's constructor: without a worker pool (a web slice) a process run fails saying so. */
    @Autowired
    ProcessKind(ObjectProvider<WorkerPool> pool) {
        this(pool.getIfAvailable());
    }

    /** Worker processes from {@code pool}; null for a server that runs threads only. */
    public ProcessKind(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public Set<ExecutorKind> executors() {
        return Set.of(ExecutorKind.PROCESSES, ExecutorKind.PROCESS_PER_TASK);
    }

    @Override
    public Execution create(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live)
            throws EndedEarly {
        return ProcessExecution.factory(pool).create(scenario, calibration, observePeriod, live);
    }

    /** Each process has its own GIL, whatever the form said: hand-overs between their lanes mean nothing. */
    @Override
    public LaneStyle laneStyle(Scenario scenario) {
        return LaneStyle.with(Map.of(WorkerState.RUNNING, "running Python (own GIL)"), null, "worker");
    }

    @Override
    public Class<? extends KindFigures> figures() {
        return ProcessFigures.class;
    }
}
