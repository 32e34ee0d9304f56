package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerPool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server measures after start-up: each kind of worker fitted to CPython's costs on its own, the charges for
 * copying and for an event loop's work, and the machine's parallel capacity, all published as the machine's facts.
 */
class MachineMeasurementTest {

    @TempDir
    static Path cacheDir;
    private static WorkerPool pool;
    private static ServerMachine machine;
    private static Calibrations calibrations;

    @BeforeAll
    static void measure() throws Exception {
        pool = new WorkerPool(WorkerLauncher.create(cacheDir, true), 2);
        machine = ServerMachine.ofThisProcess(Runtime.getRuntime().availableProcessors());
        // The test JVM's one measurement of this machine (the Spring contexts' too, whose greenlets follow the loop
        // the default settings choose): made here when this test is the first to need it, else the one a context
        // made, published on this machine all the same.
        calibrations = OneMachineMeasurementPerTestJvm.measuredOnce(machine, pool,
                List.of(lab.gil.greenlet.HubWarmUp::run),
                new lab.gil.cpython.PythonBuilds(lab.gil.cpython.CPythonProperties.defaults()), true);
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.shutdown();
    }

    @Test
    void everyKindTargetsTheSameCPythonCostWithAKernelFittedOnItself() {
        Calibration threads = calibrations.threads();
        assertThat(calibrations.processes().nsPerIteration()).isEqualTo(threads.nsPerIteration());
        assertThat(calibrations.greenlets().nsPerIteration()).isEqualTo(threads.nsPerIteration());
        ServerCosts costs = machine.facts().costs();
        // Each kind's iteration, timed after its fit: near CPython's, however busy (a factor 2 is a broken fit).
        for (double emulated : new double[] {costs.threadNs(), costs.processNs(), costs.greenletNs()}) {
            assertThat(emulated / costs.cpython().nsPerIteration()).isBetween(0.5, 2.0);
        }
        // A warm countdown costs what CPython's costs warm, in every kind (the same share of a cold one).
        assertThat(costs.cpython().warmNsPerIteration()).isLessThanOrEqualTo(costs.cpython().nsPerIteration());
        for (Calibration kind : List.of(threads, calibrations.processes(), calibrations.greenlets())) {
            assertThat(kind.warmShare()).isEqualTo(costs.cpython().warmNsPerIteration()
                    / costs.cpython().nsPerIteration(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void processesChargeForCopiesAndGreenletsForTheEventLoopWhenCPythonCostsMoreThanTheServersOwnWork() {
        CPythonCosts cpython = machine.facts().costs().cpython();
        assertThat(calibrations.threads().charges()).as("threads copy nothing and run no event loop")
                .isEqualTo(Calibration.Charges.NONE);
        Calibration.Charges processes = calibrations.processes().charges();
        assertThat(cpython.send()).as("the pipe measured by python3, not assumed")
                .isNotEqualTo(CPythonCosts.FALLBACK.send());
        assertThat(cpython.receive().grown().points()).hasSameSizeAs(cpython.reusedSizesMiB());
        assertThat(processes.toWorker()).as("a copy to a process costs what CPython's costs; the receiver tops its "
                + "own copy up to it").isEqualTo(cpython.send());
        assertThat(processes.fromWorker()).isEqualTo(cpython.receive());
        assertThat(processes.greenletWakeNanos()).isZero();
        Calibration.Charges greenlets = calibrations.greenlets().charges();
        assertThat(greenlets.greenletStartNanos() + greenlets.greenletWakeNanos())
                .as("CPython's cost less the hub's own, scaled by what a charge was seen to cost in the hub (at most 2)")
                .isPositive().isLessThanOrEqualTo(Math.round(2 * cpython.waitMicrosPerGreenlet() * 1e3) + 1);
        assertThat(greenlets.toWorker()).isEqualTo(lab.gil.interpreter.PipeCost.NONE);
        assertThat(cpython.eventLoop()).isNotBlank();
    }

    @Test
    void theFactsAreMeasuredAndTheirCapacityIsNoMoreThanTheUsableCores() {
        MachineFacts facts = machine.facts();
        assertThat(facts.measured()).isTrue();
        assertThat(facts.capacity(2)).isGreaterThan(0).isLessThanOrEqualTo(Math.min(2, facts.usableCores()));
        assertThat(facts.figures()).containsKeys("cores", "machine-cores", "capacity", "capacity-2", "iteration-ns",
                "copy-ms-per-mib", "greenlet-wait-us");
    }
}
