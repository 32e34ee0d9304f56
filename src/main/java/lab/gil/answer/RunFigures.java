package lab.gil.answer;

/**
 * What one finished run measured, as far as an answer may need it. A failed run (a crash) may have no summary:
 * then only its tasks are known and the other figures are {@link Double#NaN} or null.
 *
 * @param runId                the run, to mark it on the page
 * @param finished             done or failed: the run ended by itself (a stopped run answers nothing)
 * @param tasksDone            tasks that finished
 * @param tasks                tasks the run was given
 * @param wallMillis           wall time of a done run; NaN without a summary
 * @param speedup              the one-worker run's wall time over this one's; NaN when not measured
 * @param copyMillis           time spent copying data across process boundaries; NaN without a summary
 * @param counterExpected      increments the programs made; null when the programs have no counter
 * @param counterActual        the counter's value at the end; null when the programs have no counter
 * @param ioRetakeMedianMillis median wait for the GIL after an I/O wait ended; NaN when no thread came back from I/O
 */
public record RunFigures(String runId, boolean finished, int tasksDone, int tasks, double wallMillis, double speedup,
                         double copyMillis, Long counterExpected, Long counterActual, double ioRetakeMedianMillis) {

    /** The increments lost by the shared counter, or null when there is none. */
    public Long lostUpdates() {
        return counterExpected == null || counterActual == null ? null : counterExpected - counterActual;
    }

    boolean hasWallTime() {
        return finished && Double.isFinite(wallMillis) && wallMillis > 0;
    }

    boolean hasSpeedup() {
        return finished && Double.isFinite(speedup) && speedup > 0;
    }
}
