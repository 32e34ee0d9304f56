package lab.gil.run;

import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.EvalLoopWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Measures, once at start-up, what one iteration of the seed's countdown costs in CPython on this machine, so that
 * every emulated interpreter's loop iteration costs the same and times can be compared with real Python; then warms
 * the eval loop up so that the first run is measured as fairly as the next.
 */
@Configuration(proxyBeanMethods = false)
class CalibrationConfig {

    private static final Logger log = LoggerFactory.getLogger(CalibrationConfig.class);

    @Bean
    Calibration calibration() throws InterruptedException {
        Calibration calibration = Calibration.measure();
        long start = System.nanoTime();
        EvalLoopWarmUp.run(calibration);
        log.info("Emulated bytecode calibrated: {}; eval loop warmed up in {} ms", calibration,
                (System.nanoTime() - start) / 1_000_000);
        return calibration;
    }
}
