package lab.gil.cpython;

import java.time.Instant;
import lab.gil.answer.RunFigures;

/**
 * What one lesson preset measured on this server in one engine, the emulation or CPython, and when: a row of the
 * fidelity page, and CPython's side of a preset's result panel.
 *
 * @param engine      {@code emulation} or {@code cpython}, as run engines are named
 * @param scenarioKey the preset's scenario ({@code Scenario.key()}) when measured: stale once the lesson changes it
 * @param outcome     {@link #MEASURED}, {@link #FAILED} or {@link #UNAVAILABLE}
 * @param build       what ran it, such as "CPython 3.11.7"; null when nothing could
 * @param message     why it failed or could not run, in words for the page; null when measured
 * @param wallMillis  NaN when not measured, as the other figures; {@code speedup} also when the work has none
 */
public record PresetMeasurement(String lessonId, String preset, String engine, String scenarioKey, Instant measuredAt,
                                String outcome, String build, String message, int tasks, int tasksDone,
                                double wallMillis, double cpuMillis, double speedup, double copyMillis,
                                Long counterExpected, Long counterActual, double backFromIoMillis) {

    public static final String MEASURED = "measured";
    public static final String FAILED = "failed";
    public static final String UNAVAILABLE = "unavailable";

    /** The figures an answer reads, as from a run: crashes and failures finish (as a failed run does), unavailable not. */
    public RunFigures figures() {
        return new RunFigures(engine + ":" + lessonId + ":" + preset, !UNAVAILABLE.equals(outcome), tasksDone, tasks,
                wallMillis, speedup, copyMillis, counterExpected, counterActual, backFromIoMillis);
    }
}
