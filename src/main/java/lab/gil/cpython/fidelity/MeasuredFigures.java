package lab.gil.cpython.fidelity;

import lab.gil.answer.RunFigures;
import lab.gil.run.summary.RunSummary;

/**
 * The figures one run of a scenario measured, in either engine, as far as a lesson's answer and the fidelity check
 * read them. A figure not measured is {@link Double#NaN} (a count: null).
 *
 * @param tasks            tasks the run was given
 * @param tasksDone        tasks that finished, also in a run that failed
 * @param wallMillis       wall time of a run with a summary
 * @param cpuMillis        CPU time of the run's workers
 * @param speedup          the one-worker run's wall time over this one's; NaN when the work has none
 * @param copyMillis       time spent copying data across process boundaries
 * @param counterExpected  increments the programs made; null without a shared counter
 * @param counterActual    the counter's value at the end; null without a shared counter
 * @param backFromIoMillis median wait to run again after an I/O wait ended; NaN when no task came back from I/O
 */
public record MeasuredFigures(int tasks, int tasksDone, double wallMillis, double cpuMillis, double speedup,
                              double copyMillis, Long counterExpected, Long counterActual, double backFromIoMillis) {

    /** What a run measured: its summary, when it has one, and the tasks its progress counted. */
    public static MeasuredFigures of(RunSummary s, int tasksDone, int tasks) {
        if (s == null) {
            return none(tasksDone, tasks);
        }
        RunSummary.GilFigures gil = s.gil();
        boolean backFromIo = gil != null && gil.ioRetakes() > 0;
        return new MeasuredFigures(tasks, tasksDone, s.wallMillis(), s.cpuMillis(),
                s.hasSpeedup() ? s.speedup() : Double.NaN,
                s.system() == null ? Double.NaN : s.system().copyMillis(),
                s.counter() == null ? null : s.counter().expected(), s.counter() == null ? null : s.counter().actual(),
                backFromIo ? gil.ioRetakeMedianMillis() : Double.NaN);
    }

    /** A run that measured nothing but the tasks that finished before it ended. */
    public static MeasuredFigures none(int tasksDone, int tasks) {
        return new MeasuredFigures(tasks, tasksDone, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, null,
                Double.NaN);
    }

    /** Increments the shared counter lost, or null without one. */
    public Long lostUpdates() {
        return counterExpected == null || counterActual == null ? null : counterExpected - counterActual;
    }

    /**
     * These figures as a lesson's answer rule reads a run's.
     *
     * @param finished whether the run ended by itself (done, or failed as a crash fails it)
     */
    public RunFigures forAnswer(String runId, boolean finished) {
        return new RunFigures(runId, finished, tasksDone, tasks, wallMillis, speedup, copyMillis, counterExpected,
                counterActual, backFromIoMillis);
    }
}
