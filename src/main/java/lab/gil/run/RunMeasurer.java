package lab.gil.run;

import java.time.Duration;
import java.util.Optional;
import lab.gil.cores.CoreSampler;
import lab.gil.cost.ThreadCostProbe;
import lab.gil.cost.WorkerCost;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.CountersSnapshot;
import lab.gil.interpreter.GilCounters;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.LatencyStats;
import lab.gil.process.CPythonStart;
import lab.gil.process.WorkerPool;

/**
 * Measures one run: its scenario on threads of an emulated interpreter or on worker processes, after the same work
 * on one worker when no fresh measurement of that exists (and when one worker can do that work at all), and sums up
 * what was measured, including how much of the machine other work took meanwhile.
 *
 * <p>Called by the run queue's single dispatcher thread, one run at a time.
 */
final class RunMeasurer {

    /** How often a running run reports its progress: 10 Hz. */
    static final Duration PROGRESS_PERIOD = Duration.ofMillis(100);

    static final String CALIBRATING = "Calibrating against CPython (once, after the server starts)";
    static final String MEASURING_BASELINE = "Measuring 1 worker first, to compare against";
    static final String MEASURING_BASELINE_AGAIN =
            "Measuring 1 worker again: the speedup came out beyond what the cores allow";

    /** What one emulated loop iteration costs, measured against CPython once the server has started. */
    private final ServerCalibration calibration;
    /** The worker processes, or null on a server that runs threads only. */
    private final WorkerPool workerPool;
    /** The machine's per-core sampler, or null when there is none: then other work is not known. */
    private final CoreSampler sampler;
    private final Duration timeLimit;
    /** Recent one-worker measurements; touched only by the dispatcher thread. */
    private final Baselines baselines;

    RunMeasurer(ServerCalibration calibration, WorkerPool workerPool, CoreSampler sampler, Duration timeLimit) {
        this(calibration, workerPool, sampler, timeLimit, new Baselines());
    }

    /** A measurer without a sampler, starting from the given baselines: for tests. */
    RunMeasurer(ServerCalibration calibration, WorkerPool workerPool, Duration timeLimit, Baselines baselines) {
        this(calibration, workerPool, null, timeLimit, baselines);
    }

    private RunMeasurer(ServerCalibration calibration, WorkerPool workerPool, CoreSampler sampler, Duration timeLimit,
                        Baselines baselines) {
        this.calibration = calibration;
        this.workerPool = workerPool;
        this.sampler = sampler;
        this.timeLimit = timeLimit;
        this.baselines = baselines;
    }

    /**
     * Runs the scenario, after its one-worker baseline when needed, streaming progress and lanes to the run's
     * events; throws {@link ScenarioExecution.EndedEarly} when it was stopped, timed out or a task failed.
     */
    RunSummary measure(Run run) throws InterruptedException, ScenarioExecution.EndedEarly {
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
        try (OtherWorkRecorder recorder = OtherWorkRecorder.start(sampler, timeLimit)) {
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

    private Baselines.Baseline measureBaseline(Run run, Calibration calibration, Scenario oneWorker, String phase)
            throws InterruptedException, ScenarioExecution.EndedEarly {
        return baselines.record(oneWorker, measure(run, calibration, oneWorker, phase, false).measurement());
    }

    /** The server's calibration, telling the run's page that it waits for it when it is not known yet. */
    private Calibration awaitCalibration(Run run) throws InterruptedException {
        Optional<Calibration> known = calibration.now();
        if (known.isPresent()) {
            return known.get();
        }
        run.progress(new Progress(CALIBRATING, 0, 0, run.scenario().tasks(), 0));
        return calibration.await();
    }

    private static RunSummary.CalibrationFigures figures(Calibration c) {
        return new RunSummary.CalibrationFigures(c.source().id(), c.cpythonVersion(), c.nsPerIteration());
    }

    /**
     * An execution's measurement together with the interpreter it ran on, whose counters tell the GIL's side (for
     * threads), or what only processes have (for processes).
     */
    private record Measured(Measurement measurement, Interpreter interpreter, ProcessExecution.ProcessOutcome processes) {}

    /**
     * Executes {@code scenario} once on a fresh interpreter, reporting progress; with {@code live} the workers'
     * state changes stream to the page as lanes.
     */
    private Measured measure(Run run, Calibration calibration, Scenario scenario, String phase, boolean live)
            throws InterruptedException, ScenarioExecution.EndedEarly {
        if (scenario.executor().usesProcesses()) {
            return measureOnProcesses(run, calibration, scenario, phase, live);
        }
        Interpreter interpreter = new Interpreter(scenario.gil(), scenario.switchInterval(), scenario.workers(),
                calibration, live);
        long origin = System.nanoTime();
        LaneBatcher lanes = live ? new LaneBatcher(run, LaneSource.of(interpreter), origin) : null;
        ScenarioExecution execution = new ScenarioExecution(scenario, interpreter, PROGRESS_PERIOD);
        try {
            Measurement m = execution.execute(run::stopRequested, timeLimit, reportTo(run, scenario, phase, lanes));
            return new Measured(m, interpreter, null);
        } finally {
            if (lanes != null) {
                lanes.publish();
            }
        }
    }

    /** Executes {@code scenario} once on worker processes; the seam where process runs leave the thread path. */
    private Measured measureOnProcesses(Run run, Calibration calibration, Scenario scenario, String phase,
                                        boolean live)
            throws InterruptedException, ScenarioExecution.EndedEarly {
        if (workerPool == null) {
            throw new ScenarioExecution.EndedEarly("This server runs threads only: it has no worker processes.", null);
        }
        ProcessExecution execution = new ProcessExecution(scenario, workerPool, calibration, PROGRESS_PERIOD);
        LaneBatcher lanes = live ? new LaneBatcher(run, execution.lanes(), execution::startNanos) : null;
        try {
            Measurement m = execution.execute(run::stopRequested, timeLimit, reportTo(run, scenario, phase, lanes));
            return new Measured(m, null, execution.outcome());
        } finally {
            if (lanes != null) {
                lanes.publish();
            }
        }
    }

    /** Reports progress to the run's page, counted in loop iterations when the run has any, else in tasks. */
    private static ScenarioExecution.Observer reportTo(Run run, Scenario scenario, String phase, LaneBatcher lanes) {
        long total = scenario.totalCpuIterations();
        return new ScenarioExecution.Observer() {
            @Override
            public void onProgress(int tasksDone, long iterations, long elapsed) {
                double fraction = total > 0 ? Math.min(1, (double) iterations / total)
                        : (double) tasksDone / scenario.tasks();
                run.progress(new Progress(phase, fraction, tasksDone, scenario.tasks(), elapsed / 1_000_000));
                if (lanes != null) {
                    lanes.publish();
                }
            }

            @Override
            public void onPreparing(String what) {
                run.progress(new Progress(what, 0, 0, scenario.tasks(), 0));
            }
        };
    }

    private RunSummary summarize(Scenario scenario, Measurement m, long baselineNanos, Measured measured,
                                 RunSummary.Comparison comparison, RunSummary.CalibrationFigures calibration,
                                 RunSummary.OtherWork otherWork) throws InterruptedException {
        RunSummary.SystemFigures system = new RunSummary.SystemFigures(m.contextSwitches().voluntary(),
                m.contextSwitches().involuntary(), m.bytesCopied(), m.copyNanos() / 1e6, m.peakMemoryBytesPerWorker());
        if (measured.processes() != null) {
            return summarizeProcesses(scenario, m, baselineNanos, measured.processes(), system, comparison,
                    calibration, otherWork);
        }
        Interpreter interpreter = measured.interpreter();
        CountersSnapshot counters = interpreter.counters();
        GilCounters total = counters.total();
        LatencyStats retake = total.ioRetake();
        double workerNanos = (double) m.wallNanos() * scenario.workers();
        RunSummary.GilFigures gil = new RunSummary.GilFigures(ScenarioParser.gilId(scenario.gil()),
                workerNanos <= 0 ? 0 : Math.min(1, total.waitNanos() / workerNanos), counters.gilSwitches(),
                total.forcedSwitches(), total.dropRequests(), retake.count(), retake.medianNanos() / 1e6,
                retake.maxNanos() / 1e6);
        long increments = scenario.totalIncrements();
        RunSummary.CounterFigures counter = increments == 0 ? null
                : new RunSummary.CounterFigures(increments, interpreter.sharedCounters().stream().mapToLong(Long::longValue).sum());
        return new RunSummary(scenario.workers(), scenario.tasks(), m.wallNanos() / 1e6, m.cpuNanos() / 1e6,
                baselineNanos / 1e6, speedup(baselineNanos, m), m.cpuIterations(), gil, counter, system, null,
                comparison, calibration, otherWork, threadCost());
    }

    /**
     * The summary of a process run: every process has its own interpreter, GIL and one Python thread, so nobody
     * waits for a GIL, and its mode is the one its lanes show (one GIL per interpreter), whatever the form said;
     * the server's {@code counter} is never touched, whatever the processes counted, unless it lives in shared
     * memory ({@code incr-shared}), where every process updates the same one.
     */
    private RunSummary summarizeProcesses(Scenario scenario, Measurement m, long baselineNanos,
                                          ProcessExecution.ProcessOutcome outcome, RunSummary.SystemFigures system,
                                          RunSummary.Comparison comparison, RunSummary.CalibrationFigures calibration,
                                          RunSummary.OtherWork otherWork) {
        RunSummary.GilFigures gil = new RunSummary.GilFigures(LaneBatcher.lanesGil(scenario), 0, 0, 0, 0, 0, 0, 0);
        long increments = scenario.totalIncrements();
        boolean sharedMemory = outcome.sharedMemoryCounter() >= 0;
        RunSummary.CounterFigures counter = increments == 0 ? null
                : new RunSummary.CounterFigures(increments, sharedMemory ? outcome.sharedMemoryCounter() : 0);
        WorkerPool.Startup startup = workerPool.startup();
        // Measured once, at the first process run, after its clock has stopped; runs take turns, so nothing else
        // runs meanwhile.
        CPythonStart cpython = workerPool.cpythonStart().orElse(null);
        RunSummary.ProcessFigures processes = new RunSummary.ProcessFigures(outcome.processesStarted(),
                outcome.countersPerProcess(), startup.medianReadyTime().toNanos() / 1e6,
                startup.medianWarmUpTime().toNanos() / 1e6, startup.idleRssBytes(), sharedMemory, cpython);
        WorkerCost cost = m.peakMemoryBytesPerWorker().isEmpty() ? null
                : WorkerCost.ofProcesses(m.peakMemoryBytesPerWorker(), startup.medianReadyTime(), startup.measured());
        return new RunSummary(scenario.workers(), scenario.tasks(), m.wallNanos() / 1e6, m.cpuNanos() / 1e6,
                baselineNanos / 1e6, speedup(baselineNanos, m), m.cpuIterations(), gil, counter, system, processes,
                comparison, calibration, otherWork, cost);
    }

    /**
     * What a thread of this server costs, measured once by the probe, at the first thread run after its clock has
     * stopped: runs take turns, so no run's threads compete with the probe's.
     */
    private static WorkerCost threadCost() throws InterruptedException {
        return ThreadCostProbe.shared();
    }

    /** The baseline's wall time over the run's; 0 when there is no baseline. */
    private static double speedup(long baselineNanos, Measurement m) {
        return baselineNanos <= 0 || m.wallNanos() <= 0 ? 0 : (double) baselineNanos / m.wallNanos();
    }
}
