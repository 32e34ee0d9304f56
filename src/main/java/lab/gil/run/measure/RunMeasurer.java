package lab.gil.run.measure;

import java.time.Duration;
import java.util.Optional;
import lab.gil.cores.CoreSampler;
import lab.gil.interpreter.Calibration;
import lab.gil.process.WorkerPool;
import lab.gil.run.calibration.ServerCalibration;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.Observer;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneBatcher;
import lab.gil.scenario.Scenario;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The emulation's engine: measures one run, its scenario on the kind of worker it names (see {@link Executions}),
 * after the same work on one worker when no fresh measurement of that exists (and when one worker can do that work
 * at all), and sums up what was measured, including how much of the machine other work took meanwhile.
 *
 * <p>Called by the run queue's single dispatcher thread, one run at a time.
 */
@Component
public final class RunMeasurer implements RunEngine {

    /** How often a running run reports its progress: 10 Hz. */
    static final Duration PROGRESS_PERIOD = Duration.ofMillis(100);

    public static final String CALIBRATING = "Calibrating against CPython (once, after the server starts)";
    public static final String MEASURING_BASELINE = "Measuring 1 worker first, to compare against";
    public static final String MEASURING_BASELINE_AGAIN =
            "Measuring 1 worker again: the speedup came out beyond what the cores allow";

    /** What one emulated loop iteration costs, measured against CPython once the server has started. */
    private final ServerCalibration calibration;
    /** Makes the execution of each kind of worker. */
    private final Executions executions;
    /** The machine's per-core sampler, or null when there is none: then other work is not known. */
    private final CoreSampler sampler;
    /** Recent one-worker measurements; touched only by the dispatcher thread. */
    private final Baselines baselines;

    /**
     * Spring's constructor: the worker pool and the core sampler are optional, so that a web slice without them
     * still starts (a process run then fails saying so; other work is then unknown).
     */
    @Autowired
    RunMeasurer(ServerCalibration calibration, ObjectProvider<WorkerPool> workerPool,
                ObjectProvider<CoreSampler> sampler) {
        this(calibration, workerPool.getIfAvailable(), sampler.getIfAvailable(), new Baselines());
    }

    /**
     * A measurer whose process runs use {@code workerPool} (null: none) and whose summaries say how much of the
     * machine other work took, as {@code sampler} saw it (null: unknown), starting from {@code baselines}.
     */
    public RunMeasurer(ServerCalibration calibration, WorkerPool workerPool, CoreSampler sampler, Baselines baselines) {
        this.calibration = calibration;
        this.executions = new Executions(workerPool);
        this.sampler = sampler;
        this.baselines = baselines;
    }

    @Override
    public String id() {
        return EMULATION;
    }

    /**
     * Runs the scenario, after its one-worker baseline when needed, streaming progress and lanes to the run's
     * events; throws {@link EndedEarly} when it was stopped, timed out or a task failed.
     */
    @Override
    public RunSummary execute(MeasuredRun run) throws InterruptedException, EndedEarly {
        Calibration calibration = awaitCalibration(run);
        Scenario scenario = run.scenario();
        Scenario oneWorker = scenario.withOneWorker();
        Optional<String> noBaseline = Baselines.whyNone(scenario);
        Baselines.Baseline baseline = null;
        if (scenario.workers() > 1 && noBaseline.isEmpty()) {
            baseline = baselines.fresh(oneWorker).orElse(null);
            if (baseline == null) {
                baseline = measureBaseline(run, calibration, oneWorker, MEASURING_BASELINE);
            }
        }
        Measured main;
        RunSummary.OtherWork otherWork;
        try (OtherWorkRecorder recorder = OtherWorkRecorder.start(sampler, run.timeLimit())) {
            main = measure(run, calibration, scenario, "Running", true);
            otherWork = recorder.during(main.measurement());
        }
        Measurement m = main.measurement();
        int cores = Runtime.getRuntime().availableProcessors();
        RunSummary.Comparison comparison;
        if (noBaseline.isPresent()) {
            comparison = RunSummary.Comparison.without(noBaseline.get(), cores);
        } else if (scenario.workers() == 1) {
            baseline = baselines.record(oneWorker, m);
            comparison = RunSummary.Comparison.measured(cores, 1, false);
        } else {
            boolean remeasured = false;
            if ((double) baseline.wallNanos() / m.wallNanos() > speedupLimit(scenario, baseline, cores)) {
                // Beyond what the cores allow: the machine's speed changed since the baseline. Measure it again,
                // now, right after the run, rather than show a speedup that cannot be. The page follows that
                // measurement's progress meanwhile; the run's own last progress is what it ends with.
                Progress ran = run.progress();
                baseline = measureBaseline(run, calibration, oneWorker, MEASURING_BASELINE_AGAIN);
                run.progress(ran);
                remeasured = true;
            }
            comparison = RunSummary.Comparison.measured(cores, speedupLimit(scenario, baseline, cores), remeasured);
        }
        return summarize(scenario, m, baseline == null ? 0 : baseline.wallNanos(), main, comparison,
                figures(calibration), otherWork);
    }

    /**
     * The most speedup N workers can reach on this work: N (or its tasks, when fewer), unless the work is
     * CPU-bound, since CPU time cannot be spent faster than on every core at once. The one-worker run's CPU time over its wall time says how CPU-bound
     * the work is (1: all computing; near 0: all waiting, which any number of workers can overlap).
     */
    static double speedupLimit(Scenario scenario, Baselines.Baseline baseline, int cores) {
        long cpu = Math.min(baseline.cpuNanos(), baseline.wallNanos());
        double byCores = cpu <= 0 ? Double.POSITIVE_INFINITY : (double) cores * baseline.wallNanos() / cpu;
        return Math.min(Math.min(scenario.workers(), scenario.tasks()), byCores);
    }

    private Baselines.Baseline measureBaseline(MeasuredRun run, Calibration calibration, Scenario oneWorker, String phase)
            throws InterruptedException, EndedEarly {
        return baselines.record(oneWorker, measure(run, calibration, oneWorker, phase, false).measurement());
    }

    /** The server's calibration, telling the run's page that it waits for it when it is not known yet. */
    private Calibration awaitCalibration(MeasuredRun run) throws InterruptedException {
        Optional<Calibration> known = calibration.now();
        if (known.isPresent()) {
            return known.get();
        }
        run.progress(new Progress(Progress.CALIBRATING, CALIBRATING, 0, 0, run.scenario().tasks(), 0));
        return calibration.await();
    }

    private static RunSummary.CalibrationFigures figures(Calibration c) {
        return new RunSummary.CalibrationFigures(c.source().id(), c.cpythonVersion(), c.nsPerIteration());
    }

    /** An execution's measurement together with the execution, which tells what only its kind of worker has. */
    private record Measured(Measurement measurement, Execution execution) {}

    /**
     * Executes {@code scenario} once by the kind of worker it names, reporting progress; with {@code live} the
     * workers' state changes stream to the page as lanes.
     */
    private Measured measure(MeasuredRun run, Calibration calibration, Scenario scenario, String phase, boolean live)
            throws InterruptedException, EndedEarly {
        Execution execution = executions.create(scenario, calibration, PROGRESS_PERIOD, live);
        LaneBatcher lanes = live ? new LaneBatcher(run.events(), run::trace, execution.lanes(),
                LaneBatcher.lanesGil(scenario), execution::startNanos) : null;
        try {
            Measurement m = execution.execute(run::stopRequested, run.timeLimit(), reportTo(run, scenario, phase, lanes));
            return new Measured(m, execution);
        } finally {
            if (lanes != null) {
                lanes.publish();
            }
        }
    }

    /**
     * Reports progress to the run's page, counted in loop iterations when the run has any, else in tasks; the run's
     * own execution is the one with lanes, the others measure its baseline.
     */
    private static Observer reportTo(MeasuredRun run, Scenario scenario, String phase, LaneBatcher lanes) {
        long total = scenario.totalCpuIterations();
        String stage = lanes != null ? Progress.RUNNING : Progress.BASELINE;
        return new Observer() {
            @Override
            public void onProgress(int tasksDone, long iterations, long elapsed) {
                double fraction = total > 0 ? Math.min(1, (double) iterations / total)
                        : (double) tasksDone / scenario.tasks();
                run.progress(new Progress(stage, phase, fraction, tasksDone, scenario.tasks(), elapsed / 1_000_000));
                if (lanes != null) {
                    lanes.publish();
                }
            }

            @Override
            public void onPreparing(String what) {
                run.progress(new Progress(Progress.PREPARING, what, 0, 0, scenario.tasks(), 0));
            }
        };
    }

    private static RunSummary summarize(Scenario scenario, Measurement m, long baselineNanos, Measured measured,
                                        RunSummary.Comparison comparison, RunSummary.CalibrationFigures calibration,
                                        RunSummary.OtherWork otherWork) {
        RunSummary.SystemFigures system = new RunSummary.SystemFigures(m.contextSwitches().voluntary(),
                m.contextSwitches().involuntary(), m.bytesCopied(), m.copyNanos() / 1e6, m.peakMemoryBytesPerWorker());
        ExecutionFigures kind = measured.execution().figures(m);
        return new RunSummary(scenario.workers(), scenario.tasks(), m.wallNanos() / 1e6, m.cpuNanos() / 1e6,
                baselineNanos / 1e6, speedup(baselineNanos, m), m.cpuIterations(), kind.gil(), kind.counter(), system,
                kind.processes(), comparison, calibration, otherWork, kind.greenlets(), kind.workerCost());
    }

    /** The baseline's wall time over the run's; 0 when there is no baseline. */
    private static double speedup(long baselineNanos, Measurement m) {
        return baselineNanos <= 0 || m.wallNanos() <= 0 ? 0 : (double) baselineNanos / m.wallNanos();
    }
}
