package lab.gil.run.interpreters;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import lab.gil.run.summary.KindFigures;

/**
 * A run on subinterpreters: each has its own GIL and {@code counter}, and what starting one cost here.
 *
 * @param interpreters            interpreters the run used, one per worker
 * @param countersPerInterpreter  each interpreter's own {@code counter} at its end: they share no objects
 * @param startMicrosMedian       median time from making an interpreter's thread until the interpreter was ready
 *                                for tasks, in the emulation, measured in this run
 * @param bytesPerInterpreter     memory the emulation allocated for one interpreter's own state (its GIL, its
 *                                objects, its thread state), measured in this run
 * @param cpython                 CPython 3.14's own interpreter start on this server, or null when no CPython 3.14 was
 *                                found to measure it with
 */
@JsonTypeName(InterpretersKind.NAME)
public record InterpreterFigures(int interpreters, List<Long> countersPerInterpreter, double startMicrosMedian,
                                 long bytesPerInterpreter, CPythonInterpreters.Start cpython) implements KindFigures {

    public InterpreterFigures {
        countersPerInterpreter = List.copyOf(countersPerInterpreter);
    }

    @Override
    public String summaryTemplate() {
        return InterpretersKind.SUMMARY_TEMPLATE;
    }
}
