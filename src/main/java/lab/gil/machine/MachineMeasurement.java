package lab.gil.machine;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import lab.gil.greenlet.HubWarmUp;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.EvalLoopWarmUp;
import lab.gil.process.WorkerPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server measures once after it has started: what CPython's work costs here, how many kernel rounds make
 * each kind of worker's loop iteration cost the same, and how much parallel work the machine really does. Runs
 * wait for it (the page says "Calibrating"); the lessons read its figures once it is done.
 */
final class MachineMeasurement {

    private static final Logger log = LoggerFactory.getLogger(MachineMeasurement.class);

    /** How long a step of watching this JVM's own CPU use lasts. */
    private static final Duration QUIET_STEP = Duration.ofMillis(100);
    /** Below this share of one core during a step, the JIT has finished compiling the start-up's code. */
    private static final double QUIET_SHARE = 0.2;
    /** The longest the measurement waits for this JVM to be quiet before measuring anyway. */
    private static final Duration QUIET_WAIT_LIMIT = Duration.ofSeconds(3);

    /**
     * A cost per iteration to warm the eval loop up with, before the real one is known: the warm-up's work only
     * has to reach every path, not to cost anything in particular.
     */
    private static final Calibration WARM_UP = new Calibration(Calibration.FALLBACK_NS_PER_ITERATION, 25, 2.0,
            Calibration.Source.GIVEN);

    private final ServerMachine machine;
    /** The server's worker processes, or null when it has none. */
    private final WorkerPool workerPool;

    MachineMeasurement(ServerMachine machine, WorkerPool workerPool) {
        this.machine = machine;
        this.workerPool = workerPool;
    }

    /** Measures everything, publishes the machine's figures and answers the calibrations. */
    Calibrations run() {
        long start = System.nanoTime();
        long quietAfter = awaitQuietJvm();
        // Warm every path of the eval loop (and the greenlets' hub) up first, then fit: the JIT recompiles the loop
        // as the warm-up reaches its other paths, and a fit timed before that was off by up to 8% against the code
        // runs then used.
        try {
            EvalLoopWarmUp.run(WARM_UP);
            HubWarmUp.run(WARM_UP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long warmedUp = System.nanoTime();
        Calibration calibration = Calibration.measure();
        long calibrated = System.nanoTime();
        MachineFacts facts = machine.facts();
        double[] capacity = ParallelCapacity.measure(facts.usableCores(), facts.quotaCores().orElse(Double.MAX_VALUE));
        long measured = System.nanoTime();
        double emulated = calibration.timeEmulatedIteration();
        CPythonCosts cpython = new CPythonCosts(calibration.cpythonVersion(), calibration.nsPerIteration(),
                CPythonCosts.FALLBACK.copyFixedMillis(), CPythonCosts.FALLBACK.copyMillisPerMiB(),
                CPythonCosts.FALLBACK.greenletStartMicros(), CPythonCosts.FALLBACK.greenletWakeMicros(),
                CPythonCosts.FALLBACK.eventLoop());
        machine.measured(capacity, new ServerCosts(cpython, emulated, emulated, emulated));
        log.info("Emulated bytecode calibrated: {}; waited {} ms for the JVM to be quiet, eval loop and hub warmed up "
                        + "in {} ms, measured in {} ms, then an emulated iteration took {} ns",
                calibration, quietAfter / 1_000_000, (warmedUp - start - quietAfter) / 1_000_000,
                (calibrated - warmedUp) / 1_000_000, String.format("%.1f", emulated));
        log.info("This server may use {} of the {} cores its kernel lists{}; capacity of 2 threads {}, of {} {} "
                        + "(measured in {} ms)", facts.usableCores(), facts.listedCores(),
                facts.quotaCores().isPresent() ? " (quota " + facts.quotaCores().getAsDouble() + " cores)" : "",
                String.format("%.2f", machine.facts().capacity(2)), facts.usableCores(),
                String.format("%.2f", machine.facts().capacity(facts.usableCores())), (measured - calibrated) / 1_000_000);
        return Calibrations.same(calibration);
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
