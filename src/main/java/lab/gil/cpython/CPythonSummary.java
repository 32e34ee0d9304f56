package lab.gil.cpython;

import java.util.List;
import lab.gil.run.measure.Baselines;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * A CPython run's figures in a run's summary: wall and CPU time, the speedup over its one-worker program, the
 * counter, the time back from I/O, the bytes copied. What only the emulation sees (time waiting for the GIL, GIL
 * switches, context switches, memory) stays zero or empty, and is not shown: the summary's figures
 * ({@link CPythonRunFigures}) name CPython's own summary fragment, which says it is not observed, and its
 * calibration says it was CPython.
 */
final class CPythonSummary {

    /** The calibration source a CPython run's summary names: its times are CPython's own. */
    static final String SOURCE = "cpython-run";

    private CPythonSummary() {}

    static RunSummary of(Scenario scenario, CPythonFigures f, CPythonFigures oneWorker) {
        double wallMillis = f.wallSeconds() * 1e3;
        double baselineMillis = oneWorker != null ? oneWorker.wallSeconds() * 1e3
                : scenario.workers() == 1 ? wallMillis : 0;
        double speedup = baselineMillis > 0 && wallMillis > 0 ? baselineMillis / wallMillis : 0;
        CPythonFigures.Latency back = f.backFromIoMs();
        RunSummary.GilFigures gil = new RunSummary.GilFigures(ScenarioParser.gilId(scenario.gil()), 0, 0, 0, 0,
                back == null ? 0 : back.count(), back == null ? 0 : back.median(), back == null ? 0 : back.max());
        RunSummary.CounterFigures counter = f.counter() == null ? null
                : new RunSummary.CounterFigures(f.counter().expected(), f.counter().actual());
        RunSummary.SystemFigures system = new RunSummary.SystemFigures(0, 0, f.bytesCopied(), f.copySeconds() * 1e3,
                List.of());
        int cores = Runtime.getRuntime().availableProcessors();
        RunSummary.Comparison comparison = Baselines.whyNone(scenario)
                .map(why -> RunSummary.Comparison.without(why, cores))
                .orElseGet(() -> RunSummary.Comparison.measured(cores, Math.min(scenario.workers(), cores), false));
        RunSummary.CalibrationFigures calibration = new RunSummary.CalibrationFigures(SOURCE, f.python(), Double.NaN);
        return new RunSummary(scenario.workers(), scenario.tasks(), wallMillis, f.cpuSeconds() * 1e3, baselineMillis,
                speedup, scenario.totalCpuIterations(), gil, counter, system, CPythonRunFigures.of(scenario, f), comparison, calibration,
                null, null);
    }
}
