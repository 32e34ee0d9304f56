package lab.gil.run.interpreters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import lab.gil.cost.WorkerCost;
import lab.gil.run.measure.Progress;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.web.RunView;
import lab.gil.web.Templates;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/** What the result of a run on subinterpreters says: the emulation's own costs, and CPython 3.14's or its absence. */
class InterpreterSummaryTemplateTest {

    private static final SpringTemplateEngine ENGINE = Templates.engine();

    private static String render(InterpreterFigures figures) {
        RunSummary summary = new RunSummary(2, 2, 500, 990, 1000, 2.0, 20_000_000,
                new RunSummary.GilFigures("per-interpreter", 0, 0, 0, 0, 0, 0, 0),
                new RunSummary.CounterFigures(2000, 2000),
                new RunSummary.SystemFigures(12, 3, 8L << 20, 4.5, List.of()), figures,
                RunSummary.Comparison.measured(2, 2, false),
                new RunSummary.CalibrationFigures("cpython", "3.11.7", 20.1), null,
                new WorkerCost(InterpreterExecution.WORKER, 30 * 1024, 1024 * 1024, 150_000, 2));
        RunView run = new RunView("abc123", "done", false, 0, new Progress(Progress.RUNNING, "Running", 1, 2, 2, 500),
                summary, null, null, null, new RunView.ScenarioView("interpreters", 2, 2, List.of("send 8MB; cpu 10000000"),
                true, "gil", 5));
        Context context = new Context();
        context.setVariable("run", run);
        return ENGINE.process("run/partials", Set.of("run-status"), context).replaceAll("\\s+", " ");
    }

    @Test
    void withoutPython314TheSummaryShowsTheEmulationsCostsAndSaysCPythonsWereNotMeasured() {
        String html = render(new InterpreterFigures(2, List.of(1000L, 1000L), 150.0, 12 * 1024, null));
        assertThat(html).contains("one per interpreter").doesNotContain("Waiting for the GIL")
                .contains("<span class=\"interpreter-start\">150.0</span> µs")
                .contains("<span class=\"interpreter-state\">12.0</span> KiB")
                .contains("class=\"cpython-interpreter-absent\"").contains("this server has no <code>python3.14</code>")
                .contains("<span class=\"interpreter-counters\">1000, 1000</span>")
                .contains("<span class=\"bytes-copied\">8.00 MiB</span>")
                .contains("data-kind=\"interpreter\"").contains("a subinterpreter of this run")
                .contains("summed over all interpreters");
    }

    @Test
    void withPython314TheSummaryShowsCPythonsOwnStartBesideTheEmulations() {
        String html = render(new InterpreterFigures(2, List.of(1000L, 1000L), 150.0, 12 * 1024,
                new CPythonInterpreters.Start("3.14.0", 812.5, 2048)));
        assertThat(html).contains("<span class=\"cpython-interpreter-start\">812.5</span> µs")
                .contains("<span class=\"cpython-interpreter-memory\">2.0</span> MiB each")
                .contains("CPython <span>3.14.0</span>").doesNotContain("cpython-interpreter-absent");
    }
}
