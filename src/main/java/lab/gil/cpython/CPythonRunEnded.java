package lab.gil.cpython;

import java.time.Instant;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.Scenario;

/**
 * A run of the engine {@code cpython} ended by itself (a stopped run says nothing): published as an application
 * event, so that what CPython measured of a lesson's preset is kept whoever asked for the run.
 *
 * @param outcome   how it ended
 * @param build     the CPython that ran it, such as "CPython 3.11.2"; null when none could
 * @param message   why it failed or could not run, in the run's own words; null when measured
 * @param summary   what it measured; null unless measured
 * @param tasksDone tasks that finished, also when the program died
 */
public record CPythonRunEnded(Scenario scenario, Outcome outcome, String build, String message, RunSummary summary,
                              int tasksDone, Instant endedAt) {

    public enum Outcome {
        /** The program ran to its end and printed its figures. */
        MEASURED,
        /** It died, ran out of time, or was refused by the program itself. */
        FAILED,
        /** No CPython build here can run it. */
        UNAVAILABLE
    }
}
