package lab.gil.run;

import lab.gil.run.scenario.Scenario;


/**
 * How far a running run is: the share of its work done (0 to 1), its tasks done, and the time since it started.
 *
 * @param phase what the run is doing now, in words for the student
 */
public record Progress(String phase, double fraction, int tasksDone, int tasks, long elapsedMillis) {

    static Progress starting(Scenario scenario) {
        return new Progress("Starting", 0, 0, scenario.tasks(), 0);
    }
}
