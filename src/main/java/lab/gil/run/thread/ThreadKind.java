package lab.gil.run.thread;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.GilMode;
import lab.gil.interpreter.WorkerState;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.WorkerKind;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.trace.LaneStyle;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import org.springframework.stereotype.Component;

/** Threads of the server, sharing one emulated interpreter: one GIL, one for each, or none, as the scenario says. */
@Component
public final class ThreadKind implements WorkerKind {

    /** Its name in a summary's JSON. */
    static final String NAME = "threads";
    static final String SUMMARY_TEMPLATE = "run/kinds/threads";

    @Override
    public Set<ExecutorKind> executors() {
        return Set.of(ExecutorKind.SEQUENTIAL, ExecutorKind.THREADS);
    }

    @Override
    public Execution create(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live)
            throws EndedEarly {
        return ThreadExecution.FACTORY.create(scenario, calibration, observePeriod, live);
    }

    /** Under one GIL, hand-overs are the GIL's; with none, or one per thread, running Python holds no shared one. */
    @Override
    public LaneStyle laneStyle(Scenario scenario) {
        return switch (scenario.gil()) {
            case GIL -> LaneStyle.sharingOneGil();
            case FREE_THREADED -> LaneStyle.with(Map.of(WorkerState.RUNNING, "running Python (no GIL)"), null, "worker");
            case PER_INTERPRETER -> LaneStyle.with(Map.of(WorkerState.RUNNING, "running Python (own GIL)"), null,
                    "worker");
        };
    }

    @Override
    public Class<? extends KindFigures> figures() {
        return ThreadFigures.class;
    }
}
