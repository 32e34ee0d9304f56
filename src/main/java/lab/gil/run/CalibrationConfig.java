package lab.gil.run;

import lab.gil.interpreter.Calibration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Measures, once at start-up, what one iteration of the seed's countdown costs in CPython on this machine, so that
 * every emulated interpreter's loop iteration costs the same and times can be compared with real Python.
 */
@Configuration(proxyBeanMethods = false)
class CalibrationConfig {

    private static final Logger log = LoggerFactory.getLogger(CalibrationConfig.class);

    @Bean
    Calibration calibration() {
        Calibration calibration = Calibration.measure();
        log.info("Emulated bytecode calibrated: {}", calibration);
        return calibration;
    }
}
