package lab.gil.run.execution;

/** Something an execution reports to, once every observe period (10 Hz for runs); must return quickly. */
public interface Observer {

    /** How far the execution is: tasks ended, Python loop iterations done, and nanoseconds since its clock started. */
    void onProgress(int tasksDone, long cpuIterationsDone, long elapsedNanos);

    /** The execution is preparing, before its clock starts (starting worker processes, say); {@code what} says how. */
    default void onPreparing(String what) {
    }
}
