package lab.gil.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lab.gil.cores.CoreSampler;
import lab.gil.interpreter.Calibration;
import lab.gil.machine.Calibrations;
import lab.gil.machine.ServerCalibration;
import lab.gil.machine.ServerMachine;
import lab.gil.process.WorkerPool;
import lab.gil.run.greenlet.GreenletKind;
import lab.gil.run.interpreters.InterpretersKind;
import lab.gil.run.measure.Baselines;
import lab.gil.run.measure.RunMeasurer;
import lab.gil.run.measure.WorkerKinds;
import lab.gil.run.process.ProcessKind;
import lab.gil.run.thread.ThreadKind;
import lab.gil.stream.SseStreams;

/** Run services built by hand, as Spring would build them, for tests that need no application context. */
public final class RunServices {

    private RunServices() {}

    /**
     * A server alone, whose emulation is calibrated to {@code calibration}, whose process runs use {@code workerPool}
     * (null: a process run fails saying so) and whose summaries tell other work as {@code sampler} saw it (null:
     * unknown).
     */
    public static RunService local(RunProperties properties, Calibration calibration, MeterRegistry registry,
                                   WorkerPool workerPool, CoreSampler sampler) {
        return withQueue(new LocalRunQueue(properties), properties, calibration, registry, workerPool, sampler);
    }

    /**
     * Every kind of worker, as Spring finds them, processes from {@code workerPool} (null: a process run fails saying
     * so). A new kind of worker joins this list, as its component joins the application.
     */
    public static WorkerKinds kinds(WorkerPool workerPool) {
        return new WorkerKinds(List.of(new ThreadKind(), new ProcessKind(workerPool), new GreenletKind(),
                new InterpretersKind()));
    }

    /**
     * A server calibration whose measurement, once started, ends with {@code calibration} when {@code mayEnd} is
     * counted down (at most {@code timeoutSeconds} later): a server still measuring, for as long as a test needs.
     */
    public static ServerCalibration measuredWhen(CountDownLatch mayEnd, Calibration calibration, long timeoutSeconds) {
        return ServerCalibration.measuredBy(() -> {
            try {
                mayEnd.await(timeoutSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Calibrations.same(calibration);
        });
    }

    /** A server whose runs wait in {@code queue}. */
    public static RunService withQueue(RunQueue queue, RunProperties properties, Calibration calibration,
                                       MeterRegistry registry, WorkerPool workerPool, CoreSampler sampler) {
        return withQueue(queue, FinishedRuns.NONE, properties, calibration, registry, workerPool, sampler);
    }

    /** A server whose runs wait in {@code queue} and are kept in {@code finished} once ended. */
    public static RunService withQueue(RunQueue queue, FinishedRuns finished, RunProperties properties,
                                       Calibration calibration, MeterRegistry registry, WorkerPool workerPool,
                                       CoreSampler sampler) {
        return withQueue(queue, finished, properties, ServerCalibration.of(calibration), registry, workerPool,
                sampler);
    }

    /** A server whose runs wait in {@code queue} and are measured once {@code calibration} has been. */
    public static RunService withQueue(RunQueue queue, FinishedRuns finished, RunProperties properties,
                                       ServerCalibration calibration, MeterRegistry registry, WorkerPool workerPool,
                                       CoreSampler sampler) {
        ServerMachine machine = ServerMachine.ofThisProcess(sampler != null ? sampler.coreCount()
                : Runtime.getRuntime().availableProcessors());
        RunMeasurer emulation = new RunMeasurer(calibration, machine, kinds(workerPool), sampler,
                new Baselines());
        return new RunService(properties, queue, finished, List.of(emulation), registry, new SseStreams(registry));
    }
}
