package lab.gil.cpython.fidelity;

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
 * @param machineLoad the machine's load average (1 minute) when it ended, NaN when unknown: other programs that
 *                    wanted the cores meanwhile, and this run itself
 * @param figures     what it measured; NaN figures when it measured nothing
 */
public record PresetMeasurement(String lessonId, String preset, String engine, String scenarioKey, Instant measuredAt,
                                String outcome, String build, String message, double machineLoad,
                                MeasuredFigures figures) {

    public static final String MEASURED = "measured";
    public static final String FAILED = "failed";
    public static final String UNAVAILABLE = "unavailable";

    /**
     * A load average above this many times the usable cores marks a measurement as taken on a busy machine: the run
     * itself adds up to its workers (at most the cores' worth that matters), anything beyond half as much again is
     * other programs competing for the cores.
     */
    static final double BUSY_LOAD_PER_CORE = 1.5;

    /** Whether it ran, to its end or to a failure; an unavailable build measured nothing. */
    public boolean ran() {
        return !UNAVAILABLE.equals(outcome);
    }

    /** Whether other programs wanted the machine's cores while it ran, so that its times are the busy machine's. */
    public boolean busy(int usableCores) {
        return machineLoad > BUSY_LOAD_PER_CORE * usableCores;
    }

    /** "2026-12-06 23:10 UTC". */
    public String measuredAtText() {
        return FidelityReport.minute(measuredAt);
    }

    /** The figures an answer reads, as from a run: crashes and failures finish (as a failed run does), unavailable not. */
    public RunFigures forAnswer() {
        return figures.forAnswer(engine + ":" + lessonId + ":" + preset, ran());
    }
}
