package lab.gil.run.interpreters;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.WorkerState;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.WorkerKind;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.trace.LaneStyle;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import org.springframework.stereotype.Component;

/**
 * A pool of subinterpreters in the server's one process, as Python 3.14's {@code InterpreterPoolExecutor} (PEP 734):
 * each worker a thread with an interpreter of its own, one GIL each, sharing no objects, passing arguments and
 * results by copying.
 */
@Component
public final class InterpretersKind implements WorkerKind {

    /** Its name in a summary's JSON. */
    static final String NAME = "interpreters";
    static final String SUMMARY_TEMPLATE = "run/kinds/interpreters";

    /** Each interpreter has its own GIL: hand-overs between their lanes mean nothing. */
    private static final LaneStyle STYLE = LaneStyle.with(Map.of(WorkerState.RUNNING, "running Python (own GIL)"),
            null, "interpreter");

    /** CPython 3.14's own interpreter start on this server, measured once when some run asks; absent without it. */
    private final CPythonInterpreters cpython = new CPythonInterpreters();

    @Override
    public Set<ExecutorKind> executors() {
        return Set.of(ExecutorKind.INTERPRETERS);
    }

    @Override
    public Execution create(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live) {
        return new InterpreterExecution(scenario, calibration, observePeriod, live, cpython);
    }

    @Override
    public LaneStyle laneStyle(Scenario scenario) {
        return STYLE;
    }

    @Override
    public Class<? extends KindFigures> figures() {
        return InterpreterFigures.class;
    }
}
