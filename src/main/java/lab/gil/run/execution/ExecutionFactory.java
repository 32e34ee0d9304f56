package lab.gil.run.execution;

import java.time.Duration;
import lab.gil.interpreter.Calibration;
import lab.gil.scenario.Scenario;

/** Makes the execution of a scenario for one kind of worker. */
@FunctionalInterface
public interface ExecutionFactory {

    /**
     * A new execution of {@code scenario} whose emulated loop iteration costs what {@code calibration} says,
     * reporting its progress every {@code observePeriod}; with {@code live} its workers record their state changes
     * for the lanes. Throws {@link EndedEarly} when this server cannot run that kind of worker.
     */
    Execution create(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live)
            throws EndedEarly;
}
