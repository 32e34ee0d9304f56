package lab.gil.run;

import java.time.Duration;

/** The bounds every scenario knob is checked against, in one place so that the form can show them too. */
public final class ScenarioLimits {

    public static final int MIN_WORKERS = 1;
    /** Enough for the I/O lesson's pool of 100 threads; CPU work is bounded separately. */
    public static final int MAX_WORKERS = 100;
    public static final int MIN_TASKS = 1;
    public static final int MAX_TASKS = 1000;
    public static final int MAX_PROGRAMS = 8;
    /** About 30 s of CPython at 60 ns an iteration: a class shares one server. */
    public static final long MAX_TOTAL_CPU_ITERATIONS = 500_000_000L;
    public static final double MIN_SWITCH_INTERVAL_MS = 0.1;
    public static final double MAX_SWITCH_INTERVAL_MS = 100;
    public static final Duration DEFAULT_SWITCH_INTERVAL = Duration.ofMillis(5);
    public static final int DEFAULT_WORKERS = 2;

    private ScenarioLimits() {}
}
