package lab.gil.machine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import lab.gil.cores.CoreSampler;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.WarmUp;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * This server's machine and its calibrations: the cores are read at once; the rest is measured once the server has
 * started (see {@link MachineMeasurement}), so that the first run seldom waits for it.
 */
@Configuration(proxyBeanMethods = false)
public class MachineConfig {

    /** Where the measurement is kept: by default beside the embedded database, in the data folder. */
    private static final String KEPT_IN =
            "${gillab.machine.measurement-file:${gil-lab.data-dir:./data}/machine-measurement.json}";

    /** The machine as the operating system describes it; the per-core chart's cores are the cores it lists. */
    @Bean
    ServerMachine serverMachine(ObjectProvider<CoreSampler> sampler) {
        CoreSampler cores = sampler.getIfAvailable();
        return ServerMachine.ofThisProcess(cores != null ? cores.coreCount()
                : Runtime.getRuntime().availableProcessors());
    }

    /**
     * {@code warmUps}: what each kind of worker runs before the fit, besides the eval loop's own warm-up;
     * {@code eventLoops}: the cpython package's choice of the loop greenlets follow; {@code keptIn} and
     * {@code keptFor}: where and how long a measurement is kept for the next start ({@link KeptMeasurement}).
     */
    @Bean
    ServerCalibration serverCalibration(ServerMachine machine, ObjectProvider<WorkerPool> workerPool,
                                        ObjectProvider<WarmUp> warmUps, ObjectProvider<EventLoopSources> eventLoops,
                                        @Value(KEPT_IN) String keptIn,
                                        @Value("${gillab.machine.measurement-kept-for:7d}") Duration keptFor) {
        KeptMeasurement kept = new KeptMeasurement(keptIn.isBlank() ? Optional.empty() : Optional.of(Path.of(keptIn)),
                keptFor, Clock.systemUTC());
        return ServerCalibration.measuredBy(() -> {
            // Resolved when the measurement starts, as before keeping: nothing more is built at start-up.
            WorkerPool pool = workerPool.getIfAvailable();
            EventLoopSources loops = eventLoops.getIfAvailable(() -> EventLoopSources.GEVENT_ELSE_ASYNCIO);
            return kept.measureOrReuse(() -> MeasuredFor.thisServer(machine.facts(), pool != null, loops),
                    () -> new MachineMeasurement(machine, pool, warmUps.orderedStream().toList(), loops).measure())
                    .publishedOn(machine);
        });
    }

    /** Starts measuring as soon as the server is ready. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> calibrateOnceReady(ServerCalibration calibration) {
        return ready -> calibration.startInBackground();
    }
}
