package lab.gil.run.process;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;
import lab.gil.process.CPythonStart;
import lab.gil.run.summary.KindFigures;

/**
 * A run on worker processes: each has its own interpreter, GIL and {@code counter}.
 *
 * @param processes             worker processes the run used (one per task for process-per-task)
 * @param countersPerProcess    each process's own {@code counter} at its end; the server's stays 0
 * @param workerReadyMillis     median time from starting a worker process to its "ready", measured on this server
 * @param workerWarmUpMillis    median time a pooled worker then spends compiling its eval loop, before any run's
 *                              clock starts (0 when none has been measured yet)
 * @param workerIdleRssBytes    resident memory of a fresh, idle worker process, measured on this server
 * @param counterInSharedMemory whether the run's counter lived in shared memory ({@code incr-shared}), so that the
 *                              summary's counter is the one every process updated
 * @param cpythonStart          CPython's process start measured on this server (spawn and fork), or null when
 *                              python3 is absent
 */
@JsonTypeName(ProcessKind.NAME)
public record ProcessFigures(int processes, List<Long> countersPerProcess, double workerReadyMillis,
                             double workerWarmUpMillis, long workerIdleRssBytes, boolean counterInSharedMemory,
                             CPythonStart cpythonStart) implements KindFigures {

    public ProcessFigures {
        countersPerProcess = List.copyOf(countersPerProcess);
    }

    @Override
    public String summaryTemplate() {
        return ProcessKind.SUMMARY_TEMPLATE;
    }
}
