package lab.gil.run.calibration;

import lab.gil.interpreter.Calibration;

/**
 * Work that a kind of worker runs once before the calibration is fitted, so that the JIT has compiled its paths by
 * then: the fit is timed against the code the runs will use. Each kind that needs one provides it as a bean; the
 * calibration knows none of them by name.
 */
@FunctionalInterface
public interface WarmUp {

    /** Runs the warm-up with a stand-in calibration; returns when it has ended. */
    void run(Calibration calibration) throws InterruptedException;
}
