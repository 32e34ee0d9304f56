package lab.gil.run.measure;

import java.time.Duration;
import java.util.Optional;
import lab.gil.cores.CoreSampler;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.GilMode;
import lab.gil.machine.Calibrations;
import lab.gil.machine.MachineFacts;
import lab.gil.machine.ServerCalibration;
import lab.gil.machine.ServerMachine;
import lab.gil.program.Step;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.Observer;
import lab.gil.run.execution.WorkerKind;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneBatcher;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The emulation's engine: measures one run, its scenario on the kind of worker it names (see {@link WorkerKinds}),
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
    /** The cores this server may use and what they can do at once, for the speedup limit. */
    private final ServerMachine machine;
    /** The kind of worker of each executor: its execution and its lanes' words. */
    private final WorkerKinds kinds;
    /** The machine's per-core sampler, or null when there is none: then other work is not known. */
    private final CoreSampler sampler;
    /** Recent one-worker measurements; touched only by the dispatcher thread. */
    private final Baselines baselines;

    /**
     * Spring's constructor: the worker pool and the core sampler are optional, so that a web slice without them
     * still starts (a process run then fails saying so; other work is then unknown).
     */
    @Autowired
    RunMeasurer(ServerCalibration calibration, ServerMachine machine, WorkerKinds kinds,
                ObjectProvider<CoreSampler> sampler) {
        this(calibration, machine, kinds, sampler.getIfAvailable(), new Baselines());
    }

    /**
     * A measurer that runs each scenario by its kind of worker among {@code kinds} and whose summaries say how much
     * of the machine other work took, as {@code sampler} saw it (null: unknown), starting from {@code baselines}; its
     * speedup limit reads {@code machine}.
     */
    public RunMeasurer(ServerCalibration calibration, ServerMachine machine, WorkerKinds kinds, CoreSampler sampler,
                       Baselines baselines) {
        this.calibration = calibration;
        this.machine = machine;
        this.kinds = kinds;
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
        Scenario scenario = run.scenario();
        Calibration calibration = awaitCalibration(run).forKind(scenario.executor());
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
        MachineFacts facts = machine.facts();
        int cores = facts.usableCores();
        RunSummary.Comparison comparison;
        if (noBaseline.isPresent()) {
            comparison = RunSummary.Comparison.without(noBaseline.get(), cores);
        } else if (scenario.workers() == 1) {
            baseline = baselines.record(oneWorker, m);
            comparison = RunSummary.Comparison.measured(cores, 1, false);
        } else {
            boolean remeasured = false;
            RunSummary.Comparison first = RunSummary.Comparison.measured(cores,
                    speedupLimit(scenario, baseline, facts), false);
            if (first.beyondLimit((double) baseline.wallNanos() / m.wallNanos())) {
                // Beyond what the cores allow: the machine's speed changed since the baseline. Measure it again,
                // now, right after the run, rather than show a speedup that cannot be. The page follows that
                // measurement's progress meanwhile; the run's own last progress is what it ends with.
                Progress ran = run.progress();
                baseline = measureBaseline(run, calibration, oneWorker, MEASURING_BASELINE_AGAIN);
                run.progress(ran);
                remeasured = true;
            }
            comparison = RunSummary.Comparison.measured(cores, speedupLimit(scenario, baseline, facts), remeasured);
        }
        return summarize(scenario, m, baseline == null ? 0 : baseline.wallNanos(), main, comparison,
                figures(calibration), otherWork);
    }

    /**
     * The most speedup N workers can reach on this work on this server: N (or its tasks, when fewer), unless the
     * work computes, since computing goes no faster than the machine's parallel capacity for N workers (the usable
     * cores, or less: two hyper-threads of one core do about 1.2 times one's work, see {@link MachineFacts#capacity})
     * and a hub's greenlets compute on one thread. The one-worker run's time outside its declared {@code io} waits
     * counts as computing, also where that worker only waited for a core: on one usable core, a one-worker run slowed
     * by the JIT's own threads once took 729 ms of wall time for 461 ms of CPU, and counting only its CPU time let a
     * two-thread run show 1.47x on that one core. Threads under one GIL compute one at a time too, unless their work
     * releases it ({@code native}): with a one-worker run measured while the server still warmed its worker
     * processes, two threads under the GIL once read 1.23-1.63x on two cores.
     */
    static double speedupLimit(Scenario scenario, Baselines.Baseline baseline, MachineFacts machine) {
        int workers = Math.min(scenario.workers(), scenario.tasks());
        double wall = baseline.wallNanos();
        double waiting = Math.min(wall, Baselines.waitingOnOneWorker(scenario).toNanos());
        double computing = Math.max(wall - waiting, Math.min(baseline.cpuNanos(), wall));
        double parallel = computesOneAtATime(scenario) ? 1 : machine.capacity(workers);
        double fastest = Math.max(computing / parallel, wall / workers);
        return fastest <= 0 ? workers : wall / fastest;
    }

    /**
     * Whether the workers' computing runs one at a time: a hub's greenlets, or threads of one interpreter under its
     * GIL whose steps all hold it while they compute.
     */
    static boolean computesOneAtATime(Scenario scenario) {
        if (scenario.executor().has(ExecutorKind.Trait.ONE_HUB_WHATEVER_THE_GIL)) {
            return true;
        }
        return scenario.executor() == ExecutorKind.THREADS && scenario.gil() == GilMode.GIL
                && scenario.programs().stream().flatMap(p -> p.steps().stream())
                        .noneMatch(step -> step instanceof Step.Native);
    }

    private Baselines.Baseline measureBaseline(MeasuredRun run, Calibration calibration, Scenario oneWorker, String phase)
            throws InterruptedException, EndedEarly {
        return baselines.record(oneWorker, measure(run, calibration, oneWorker, phase, false).measurement());
    }

    /** The server's calibrations, telling the run's page that it waits for them when they are not known yet. */
    private Calibrations awaitCalibration(MeasuredRun run) throws InterruptedException {
        Optional<Calibrations> known = calibration.now();
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
        WorkerKind kind = kinds.of(scenario.executor());
        Execution execution = kind.create(scenario, calibration, PROGRESS_PERIOD, live);
        LaneBatcher lanes = live ? new LaneBatcher(run.events(), run::trace, execution.lanes(),
                kind.laneStyle(scenario), execution::startNanos) : null;
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
                kind.figures(), comparison, calibration, otherWork, kind.workerCost());
    }

    /** The baseline's wall time over the run's; 0 when there is no baseline. */
    private static double speedup(long baselineNanos, Measurement m) {
        return baselineNanos <= 0 || m.wallNanos() <= 0 ? 0 : (double) baselineNanos / m.wallNanos();
    }
}
