package lab.gil.run.greenlet;

import lab.gil.greenlet.HubWarmUp;
import lab.gil.interpreter.Calibration;
import lab.gil.run.calibration.WarmUp;
import org.springframework.stereotype.Component;

/** Warms the greenlets' hub up before the calibration is fitted (see {@link HubWarmUp} for why). */
@Component
class GreenletWarmUp implements WarmUp {

    @Override
    public void run(Calibration calibration) throws InterruptedException {
        HubWarmUp.run(calibration);
    }
}
