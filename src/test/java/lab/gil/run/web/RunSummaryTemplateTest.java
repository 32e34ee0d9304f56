package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import lab.gil.cost.WorkerCost;
import lab.gil.process.CPythonStart;
import lab.gil.run.greenlet.GreenletFigures;
import lab.gil.run.measure.Progress;
import lab.gil.run.process.ProcessFigures;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.thread.ThreadFigures;
import lab.gil.web.Templates;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/** What the result of a finished run says to a student, for thread runs and for runs that crossed processes. */
class RunSummaryTemplateTest {

    private static final SpringTemplateEngine ENGINE = Templates.engine();

    private static String render(RunSummary summary, String prediction) {
        RunView run = new RunView("abc123", "done", false, 0, new Progress(Progress.RUNNING, "Running", 1, 4, 4, 1000), summary, null,
                "lesson", prediction, new RunView.ScenarioView("processes", 4, 4, List.of("cpu 1000"), true, "gil", 5));
        Context context = new Context();
        context.setVariable("run", run);
        return ENGINE.process("run/partials", Set.of("run-status"), context).replaceAll("\\s+", " ");
    }

    private static final RunSummary.CalibrationFigures CPYTHON =
            new RunSummary.CalibrationFigures("cpython", "3.11.7", 14.31);

    private static RunSummary summary(long bytesCopied, List<Long> peakMemory) {
        return summary(bytesCopied, peakMemory, null);
    }

    private static RunSummary summary(long bytesCopied, List<Long> peakMemory, CPythonStart cpython) {
        return summary(bytesCopied, peakMemory, 3.8, RunSummary.Comparison.measured(8, 4, false), CPYTHON, cpython);
    }

    private static RunSummary summary(long bytesCopied, List<Long> peakMemory, double speedup,
                                      RunSummary.Comparison comparison, RunSummary.CalibrationFigures calibration) {
        return summary(bytesCopied, peakMemory, speedup, comparison, calibration, null);
    }

    private static RunSummary summary(long bytesCopied, List<Long> peakMemory, double speedup,
                                      RunSummary.Comparison comparison, RunSummary.CalibrationFigures calibration,
                                      CPythonStart cpython) {
        KindFigures figures = peakMemory.isEmpty() ? new ThreadFigures()
                : new ProcessFigures(peakMemory.size(), List.of(), 45.0, 20.0, 35L << 20, false, cpython);
        String gil = peakMemory.isEmpty() ? "gil" : "per-interpreter";
        return new RunSummary(4, 4, 1000, 3600, speedup * 1000, speedup, 1000,
                new RunSummary.GilFigures(gil, 0.05, 40, 10, 10, 0, 0, 0), null,
                new RunSummary.SystemFigures(120, 30, bytesCopied, 12.5, peakMemory), figures, comparison,
                calibration, null, null);
    }

    @Test
    void theResultExplainsEachFigureAndAsksForNothingMore() {
        String html = render(summary(0, List.of()), "Four times as fast");
        assertThat(html).as("the lesson's answer comes with the result, no request of its own")
                .doesNotContain("hx-get").doesNotContain("hx-trigger").doesNotContain("measured: speedup")
                .contains("Parallel efficiency").contains("95%").contains("speedup over <span>4</span> workers")
                .contains("40</span> a second").contains("Context switches").contains("150")
                .contains("/runs/abc123/export.csv").contains("/runs/abc123/export.json");
        assertThat(html).as("threads copy nothing and share one memory").doesNotContain("Bytes copied")
                .doesNotContain("Peak memory");
    }

    @Test
    void aRunAcrossProcessesShowsTheBytesItCopiedAndEachWorkersPeakMemory() {
        String html = render(summary(12L * 1024 * 1024, List.of(40L << 20, 38L << 20)), null);
        assertThat(html).contains("Bytes copied").contains("12.00 MiB").contains("12.5</span> ms")
                .contains("Peak memory per worker").contains("40 MiB, ").contains("38 MiB")
                .contains("one per process").doesNotContain("Waiting for the GIL");
    }

    @Test
    void manyWorkerProcessesHaveTheirPeakMemorySummedUpRatherThanListedOneByOne() {
        List<Long> sixtyFour = new java.util.ArrayList<>(java.util.Collections.nCopies(63, 40L << 20));
        sixtyFour.add(41L << 20);
        String html = render(summary(0, sixtyFour), null);
        assertThat(html).contains("Peak memory per worker").contains("<span class=\"peak-memory-range\">40-41 MiB</span> each")
                .contains("<span class=\"peak-memory-total\">2,561 MiB</span> for all <span>64</span>")
                .doesNotContain("class=\"peak-memory\"");
    }

    @Test
    void aProcessRunShowsAWorkersStartAndWarmUpBesideCPythonsSpawnAndForkMeasuredHere() {
        String html = render(summary(0, List.of(40L << 20), new CPythonStart("3.11.7", 71.3, 8.5)), null);
        assertThat(html).contains("ready in <span class=\"worker-ready\">45.0</span> ms")
                .contains("<span class=\"worker-warm-up\">20.0</span> ms warming up")
                .contains("<em>spawn</em> in <span class=\"cpython-spawn\">71.3</span> ms")
                .contains("<em>fork</em> in <span class=\"cpython-fork\">8.5</span> ms").contains("CPython <span>3.11.7</span>")
                .doesNotContain("python3 is not installed");
    }

    @Test
    void withoutPython3TheStartOfAWorkerSaysThereIsNoCPythonFigure() {
        String html = render(summary(0, List.of(40L << 20), null), null);
        assertThat(html).contains("python3 is not installed on this server").doesNotContain("cpython-spawn");
    }

    @Test
    void aSpeedupBeyondWhatTheCoresAllowIsShownWithWhyAndTheMostTheyAllow() {
        // Beyond means above the limit by more than a timing's slack (RunSummary.Comparison.MEASURING_SLACK).
        String html = render(summary(0, List.of(), 2.30, RunSummary.Comparison.measured(2, 2, true), CPYTHON), null);
        assertThat(html).contains("2.30×").contains("More than this machine can give:")
                .contains("<span>2</span> cores allow this work at most <span class=\"speedup-limit\">2.00×</span>")
                .contains("The machine's speed changed between the 1-worker run and this one");
    }

    @Test
    void aSpeedupWithinTheLimitAfterARemeasuredBaselineSaysTheBaselineWasMeasuredAgain() {
        String html = render(summary(0, List.of(), 1.95, RunSummary.Comparison.measured(2, 2, true), CPYTHON), null);
        assertThat(html).contains("1.95×").contains("was measured again right after this run")
                .doesNotContain("More than this machine can give");
        String plain = render(summary(0, List.of(), 1.95, RunSummary.Comparison.measured(2, 2, false), CPYTHON), null);
        assertThat(plain).doesNotContain("measured again").doesNotContain("More than this machine can give");
    }

    @Test
    void workWithoutAOneWorkerRunShowsNoSpeedupAndSaysWhy() {
        String html = render(summary(0, List.of(), 0, RunSummary.Comparison.without("queue", 2), CPYTHON),
                "Faster");
        assertThat(html).contains("no-speedup").contains("producers and consumers wait for each other")
                .doesNotContain("class=\"speedup\"").doesNotContain("Parallel efficiency")
                .doesNotContain("0.00×");
        String crash = render(summary(0, List.of(), 0, RunSummary.Comparison.without("crash", 2), CPYTHON), null);
        assertThat(crash).contains("a task crashes its worker").doesNotContain("class=\"speedup\"");
    }

    @Test
    void theResultSaysWhichCPythonAndWhatCostPerIterationTheEmulationIsCalibratedTo() {
        assertThat(render(summary(0, List.of()), null))
                .contains("<span class=\"ns-per-iteration\">14.3</span> ns")
                .contains("<span class=\"cpython\">CPython 3.11.7</span> (<code>python3 -S</code>)");
        assertThat(render(summary(0, List.of(), 3.8, RunSummary.Comparison.measured(8, 4, false),
                new RunSummary.CalibrationFigures("fallback", null, 50)), null))
                .contains("python3 could not be run on this server").contains("an assumed <span class=\"ns-per-iteration\">50.0</span> ns");
    }

    private static RunSummary withOtherWork(RunSummary s, RunSummary.OtherWork otherWork) {
        return new RunSummary(s.workers(), s.tasks(), s.wallMillis(), s.cpuMillis(), s.baselineWallMillis(), s.speedup(),
                s.cpuIterations(), s.gil(), s.counter(), s.system(), s.figures(), s.comparison(), s.calibration(),
                otherWork, s.workerCost());
    }

    private static RunSummary withWorkerCost(RunSummary s, WorkerCost cost) {
        return new RunSummary(s.workers(), s.tasks(), s.wallMillis(), s.cpuMillis(), s.baselineWallMillis(), s.speedup(),
                s.cpuIterations(), s.gil(), s.counter(), s.system(), s.figures(), s.comparison(), s.calibration(),
                s.otherWork(), cost);
    }

    @Test
    void aThreadRunSaysWhatOneThreadCostsItsStackReservationApartAndWhatAllItsWorkersHold() {
        String html = render(withWorkerCost(summary(0, List.of()),
                new WorkerCost(WorkerCost.THREAD, 14 * 1024, 1024 * 1024, 85_000, 768)), null);
        assertThat(html).contains("One worker costs").contains("data-kind=\"thread\"")
                .contains("<span class=\"worker-memory\">14.0 KiB</span> of memory")
                .contains("<span class=\"worker-start\">85.0 µs</span> to start")
                .contains("<span class=\"worker-reserved\">1,024 KiB</span> of address space for its stack")
                .contains("all <span>4</span> of this run's workers hold about <span>56 KiB</span>");
    }

    @Test
    void aProcessRunSaysWhatOneProcessCostsInMegabytesAndMilliseconds() {
        String html = render(withWorkerCost(summary(0, List.of(40L << 20)),
                WorkerCost.ofProcesses(List.of(40L << 20), java.time.Duration.ofMillis(48), 12)), null);
        assertThat(html).contains("<span class=\"worker-memory\">40.0 MiB</span> of memory")
                .contains("<span class=\"worker-start\">48.0 ms</span> to start")
                .contains("peak resident memory").contains("<span>12</span> starts")
                .contains("<span>160.0 MiB</span>").doesNotContain("worker-reserved");
    }

    @Test
    void aRunWithoutAWorkerCostLeavesTheFigureOut() {
        assertThat(render(summary(0, List.of()), null)).doesNotContain("One worker costs");
    }

    /** A run on 10,000 greenlets: one hub, no GIL, no context switches to read; what greenlets cost instead. */
    private static RunSummary onGreenlets() {
        return new RunSummary(10_000, 10_000, 1050, 120, 0, 0, 0,
                new RunSummary.GilFigures("greenlets", 0.01, 20_000, 0, 0, 10_000, 19.5, 21.25), null,
                new RunSummary.SystemFigures(0, 0, 0, 0, List.of()),
                new GreenletFigures(12.5, 412, 10_000, 19.5, 21.25),
                RunSummary.Comparison.without("too-long", 2), CPYTHON, null,
                new WorkerCost(WorkerCost.GREENLET, 412, 0, 1_260, 10_000));
    }

    @Test
    void aRunOnGreenletsShowsTheirStartTimeMemoryAndWaitForTheHubInsteadOfTheGil() {
        String html = render(onGreenlets(), null);
        assertThat(html).contains("<span class=\"greenlet-start\">12.5</span> ms")
                .contains("<span class=\"greenlet-memory\">0.40</span> KiB each")
                .contains("<span class=\"hub-wait\">19.50</span> ms")
                .contains("Back from I/O").contains("one thread was busy")
                .contains("longer than a run may")
                .contains("<span class=\"worker-memory\">0.4 KiB</span> of memory").contains("data-kind=\"greenlet\"")
                .contains("<span class=\"worker-start\">1.3 µs</span> to start");
        assertThat(html).doesNotContain("Waiting for the GIL").doesNotContain("GIL switches")
                .doesNotContain("Context switches");
    }

    @Test
    void aQuietMachineShowsHowLittleOtherWorkTookWithoutCallingTheRunDisturbed() {
        String html = render(withOtherWork(summary(0, List.of()), new RunSummary.OtherWork(0.06, 2, 980)), null);
        assertThat(html).contains("Other work on this machine")
                .contains("<span class=\"other-work-cores\">0.06</span> of <span>2</span> cores")
                .contains("<span class=\"other-work-share\">3%</span>")
                .contains("besides this run's own CPU time")
                .doesNotContain("Disturbed").doesNotContain("slower than this machine alone would give")
                .doesNotContain("other-work disturbed");
    }

    @Test
    void aRunWithMuchOtherWorkIsMarkedDisturbedInWords() {
        String html = render(withOtherWork(summary(0, List.of()), new RunSummary.OtherWork(0.6, 2, 980)), null);
        assertThat(html).contains("class=\"other-work disturbed\"")
                .contains("<strong>Disturbed:</strong> other work took <span>0.60</span> of <span>2</span> cores while this ran")
                .contains("this run's times are slower than this machine alone would give")
                .contains("<span class=\"other-work-share\">30%</span>");
    }

    @Test
    void whenOtherWorkIsUnknownTheResultSaysNothingRatherThanZero() {
        assertThat(render(summary(0, List.of()), null)).doesNotContain("Other work on this machine")
                .doesNotContain("other-work");
    }
}
