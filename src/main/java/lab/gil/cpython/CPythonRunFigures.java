package lab.gil.cpython;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import lab.gil.run.summary.KindFigures;
import lab.gil.scenario.Scenario;

/**
 * What only a run in real CPython has to tell in its summary: what ran its tasks. CPython's GIL, switches and context
 * switches are CPython's own and not observed, so its summary fragment ({@code templates/cpython/summary.html}) says
 * so instead of showing the emulation's zeros.
 *
 * @param runner      what ran the tasks in the program, such as {@code ThreadPoolExecutor} or {@code multiprocessing.Pool}
 * @param startMethod how worker processes were started ({@code spawn}); null without processes
 * @param countersPerProcess each worker process's (or interpreter's) own copy of the counter at its end, when the
 *                           programs incremented a counter that was not in shared memory; null otherwise
 */
@JsonTypeName(CPythonRunFigures.KIND)
public record CPythonRunFigures(String runner, String startMethod, List<Long> countersPerProcess)
        implements KindFigures {

    /** Its name in a summary's JSON ({@code "figures": {"kind": "cpython", ...}}). */
    static final String KIND = "cpython";
    static final String SUMMARY_TEMPLATE = "cpython/summary";

    public CPythonRunFigures {
        countersPerProcess = countersPerProcess == null ? null : List.copyOf(countersPerProcess);
    }

    static CPythonRunFigures of(Scenario scenario, CPythonFigures f) {
        boolean ownCopies = f.counter() != null && f.ownCounters() != null
                && scenario.totalSharedMemoryIncrements() == 0;
        return new CPythonRunFigures(f.runner(), f.startMethod(), ownCopies ? f.ownCounters() : null);
    }

    @Override
    public String summaryTemplate() {
        return SUMMARY_TEMPLATE;
    }
}
