package lab.gil.scenario;

import java.util.Arrays;
import java.util.Optional;

/** How a scenario's tasks are run, named as the form and lesson files spell it. */
public enum ExecutorKind {
    /** One after another on one thread, as a plain loop would. */
    SEQUENTIAL("sequential", "thread", "threads"),
    /** On a pool of platform threads, as {@code concurrent.futures.ThreadPoolExecutor}. */
    THREADS("threads", "thread", "threads"),
    /** On a pool of reused worker processes, each with its own interpreter and GIL, as {@code ProcessPoolExecutor}. */
    PROCESSES("processes", "process", "processes"),
    /** On a new process for every task, started and ended with it, as one {@code multiprocessing.Process} per job. */
    PROCESS_PER_TASK("process-per-task", "process", "processes"),
    /**
     * On greenlets of one hub, on one thread's worth of Python, as gevent's {@code Pool(n).map}: each runs until it
     * waits, and nothing preempts it.
     */
    GREENLETS("greenlets", "greenlet", "greenlets");

    private final String id;
    /** What one worker of this executor is called, and more than one. */
    private final String worker, workers;

    ExecutorKind(String id, String worker, String workers) {
        this.id = id;
        this.worker = worker;
        this.workers = workers;
    }

    public String id() {
        return id;
    }

    /** The executor named {@code id} as the form and lesson files spell it, if there is one. */
    public static Optional<ExecutorKind> byId(String id) {
        return Arrays.stream(values()).filter(kind -> kind.id.equals(id)).findFirst();
    }

    /** {@code count} workers in words: "1 thread", "2 threads", "1 process", "64 processes". */
    public String workers(int count) {
        return count + " " + (count == 1 ? worker : workers);
    }

    /** Whether tasks run in worker processes rather than threads of the server. */
    public boolean usesProcesses() {
        return this == PROCESSES || this == PROCESS_PER_TASK;
    }
}
