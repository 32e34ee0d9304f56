package lab.gil.run;

/** How a scenario's tasks are run, named as the form and lesson files spell it. */
public enum ExecutorKind {
    /** One after another on one thread, as a plain loop would. */
    SEQUENTIAL("sequential"),
    /** On a pool of platform threads, as {@code concurrent.futures.ThreadPoolExecutor}. */
    THREADS("threads"),
    /** On a pool of reused worker processes, each with its own interpreter and GIL, as {@code ProcessPoolExecutor}. */
    PROCESSES("processes"),
    /** On a new process for every task, started and ended with it, as one {@code multiprocessing.Process} per job. */
    PROCESS_PER_TASK("process-per-task");

    private final String id;

    ExecutorKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether tasks run in worker processes rather than threads of the server. */
    public boolean usesProcesses() {
        return this == PROCESSES || this == PROCESS_PER_TASK;
    }
}
