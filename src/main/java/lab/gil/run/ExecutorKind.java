package lab.gil.run;

/** How a scenario's tasks are run, named as the form and lesson files spell it. */
public enum ExecutorKind {
    /** One after another on one thread, as a plain loop would. */
    SEQUENTIAL("sequential"),
    /** On a pool of platform threads, as {@code concurrent.futures.ThreadPoolExecutor}. */
    THREADS("threads");

    private final String id;

    ExecutorKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
