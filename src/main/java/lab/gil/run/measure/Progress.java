package lab.gil.run.measure;

import lab.gil.scenario.Scenario;

/**
 * How far a running run is: the share of its work done (0 to 1), its tasks done, and the time since it started.
 *
 * @param stage what the run is doing now, as an id the page acts on: {@link #STARTING}, {@link #CALIBRATING},
 *              {@link #BASELINE}, {@link #PREPARING} or {@link #RUNNING}
 * @param phase what the run is doing now, in words for the student
 */
public record Progress(String stage, String phase, double fraction, int tasksDone, int tasks, long elapsedMillis) {

    /** Queued or just taken from the queue: nothing measured yet. */
    public static final String STARTING = "starting";
    /** Waiting for the server's calibration against CPython. */
    public static final String CALIBRATING = "calibrating";
    /** Measuring the same work on one worker, to compare the run with. */
    public static final String BASELINE = "baseline";
    /** Starting workers before an execution's clock starts. */
    public static final String PREPARING = "preparing";
    /** The run's own execution, the one its lanes and summary show. */
    public static final String RUNNING = "running";

    public static Progress starting(Scenario scenario) {
        return new Progress(STARTING, "Starting", 0, 0, scenario.tasks(), 0);
    }
}
