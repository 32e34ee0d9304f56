package lab.gil.run.greenlet;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.WorkerState;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.WorkerKind;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.trace.LaneStyle;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import org.springframework.stereotype.Component;

/** Greenlets of one hub, as gevent runs them: one at a time on one thread, each until it waits. */
@Component
public final class GreenletKind implements WorkerKind {

    /** Its name in a summary's JSON. */
    static final String NAME = "greenlets";
    static final String SUMMARY_TEMPLATE = "run/kinds/greenlets";

    /** Greenlets have a hub, not a GIL: the same states, in the hub's words; lane 0 is the hub's own. */
    private static final LaneStyle STYLE = LaneStyle.with(Map.of(
            WorkerState.RUNNING, "running (holds the hub)",
            WorkerState.WAITING_FOR_GIL, "ready, waiting for the hub",
            WorkerState.IO, "waiting for I/O (the hub runs others)",
            WorkerState.NATIVE, "C code (the hub waits for it)",
            WorkerState.BUILTIN, "C call (the hub waits for it)"), "hub", "greenlet");

    @Override
    public Set<ExecutorKind> executors() {
        return Set.of(ExecutorKind.GREENLETS);
    }

    @Override
    public Execution create(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live)
            throws EndedEarly {
        return GreenletExecution.FACTORY.create(scenario, calibration, observePeriod, live);
    }

    @Override
    public LaneStyle laneStyle(Scenario scenario) {
        return STYLE;
    }

    @Override
    public Class<? extends KindFigures> figures() {
        return GreenletFigures.class;
    }
}
