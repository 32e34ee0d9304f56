package lab.gil.run.calibration;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.EvalLoopWarmUp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Measures, once the server has started, what one iteration of the seed's countdown costs in CPython on this
 * machine, so that every emulated interpreter's loop iteration costs the same and times can be compared with real
 * Python; then warms the eval loop up so that the first run is measured as fairly as the next.
 */
@Configuration(proxyBeanMethods = false)
public class CalibrationConfig {

    private static final Logger log = LoggerFactory.getLogger(CalibrationConfig.class);

    /** How long a step of watching this JVM's own CPU use lasts. */
    private static final Duration QUIET_STEP = Duration.ofMillis(100);
    /** Below this share of one core during a step, the JIT has finished compiling the start-up's code. */
    private static final double QUIET_SHARE = 0.2;
    /** The longest the calibration waits for this JVM to be quiet before measuring anyway. */
    private static final Duration QUIET_WAIT_LIMIT = Duration.ofSeconds(3);

    /** {@code warmUps}: what each kind of worker runs before the fit, besides the eval loop's own warm-up. */
    @Bean
    ServerCalibration serverCalibration(ObjectProvider<WarmUp> warmUps) {
        return ServerCalibration.measuredBy(() -> measure(warmUps.orderedStream().toList()));
    }

    /** Starts the calibration as soon as the server is ready, so that the first run seldom waits for it. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> calibrateOnceReady(ServerCalibration calibration) {
        return ready -> calibration.startInBackground();
    }

    /**
     * A cost per iteration to warm the eval loop up with, before the real one is known: the warm-up's work only
     * has to reach every path, not to cost anything in particular.
     */
    private static final Calibration WARM_UP = new Calibration(Calibration.FALLBACK_NS_PER_ITERATION, 25, 2.0,
            Calibration.Source.GIVEN);

    private static Calibration measure(List<WarmUp> warmUps) {
        long start = System.nanoTime();
        long quietAfter = awaitQuietJvm();
        // Warm every path of the eval loop (and the greenlets' hub) up first, then fit: the JIT recompiles the loop as the warm-up reaches
        // its other paths, and a fit timed before that was off by up to 8% against the code runs then used.
        try {
            EvalLoopWarmUp.run(WARM_UP);
            for (WarmUp warmUp : warmUps) {
                warmUp.run(WARM_UP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long warmedUp = System.nanoTime();
        Calibration calibration = Calibration.measure();
        long measured = System.nanoTime();
        log.info("Emulated bytecode calibrated: {}; waited {} ms for the JVM to be quiet, eval loop and hub warmed up in {} ms, "
                        + "measured in {} ms, then an emulated iteration took {} ns",
                calibration, quietAfter / 1_000_000, (warmedUp - start - quietAfter) / 1_000_000,
                (measured - warmedUp) / 1_000_000, String.format("%.1f", calibration.timeEmulatedIteration()));
        return calibration;
    }

    /**
     * Waits until this JVM uses less than {@link #QUIET_SHARE} of a core (its JIT compiler threads have caught up
     * with the start-up), at most {@link #QUIET_WAIT_LIMIT}; returns the nanoseconds it waited.
     */
    private static long awaitQuietJvm() {
        long start = System.nanoTime();
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os)
                || os.getProcessCpuTime() < 0) {
            return 0;
        }
        try {
            while (System.nanoTime() - start < QUIET_WAIT_LIMIT.toNanos()) {
                long cpuBefore = os.getProcessCpuTime();
                long before = System.nanoTime();
                Thread.sleep(QUIET_STEP);
                double share = (double) (os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - before);
                if (share < QUIET_SHARE) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.nanoTime() - start;
    }
}
