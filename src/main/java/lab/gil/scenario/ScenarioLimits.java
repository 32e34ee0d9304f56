package lab.gil.scenario;

import java.time.Duration;

/** The bounds every scenario knob is checked against, in one place so that the form can show them too. */
public final class ScenarioLimits {

    public static final int MIN_WORKERS = 1;
    /**
     * Threads one run may have: enough for one per client of the capstone's thousand (a thread is a platform thread
     * of the server, tens of KiB resident and a stack's address space); CPU work is bounded separately.
     */
    public static final int MAX_WORKERS = 1000;
    /**
     * Worker processes one run may use: 64, or four per usable core on a bigger server, so that the oversubscription
     * lesson can put four processes on each core anywhere. Each is a JVM of 30-40 MB that wants a core; runs take turns, so this
     * is also the most the whole server runs at once (plus up to 16 idle ones kept warm).
     */
    public static final int MAX_PROCESSES = Math.max(64, 4 * Runtime.getRuntime().availableProcessors());
    /** Greenlets one run may have: each is a virtual thread of a few hundred bytes, all on one hub. */
    public static final int MAX_GREENLETS = lab.gil.greenlet.Hub.MAX_GREENLETS;
    /** Tasks of a greenlet run: one per greenlet at most, as in the greenlets lesson's ten thousand waits. */
    public static final int MAX_GREENLET_TASKS = lab.gil.greenlet.Hub.MAX_GREENLETS;
    /** Tasks of a process-per-task run: each starts a JVM, about 50 ms of a core's time here. */
    public static final int MAX_PROCESS_PER_TASK_TASKS = 200;
    /** Bytes one run may copy to and from its worker processes in all. */
    public static final long MAX_TOTAL_BYTES_PASSED = 1024L * 1024 * 1024;
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
