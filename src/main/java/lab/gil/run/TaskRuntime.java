package lab.gil.run;

import java.util.function.BooleanSupplier;
import lab.gil.program.TaskProgram;

/**
 * What a run's worker threads execute task programs with, seen from the run engine: one instance per execution,
 * shared by its workers.
 */
interface TaskRuntime {

    /** Binds the calling thread to worker {@code index}; called once, on that worker's own thread. */
    Worker attach(int index);

    /** One worker thread's view of the runtime. */
    interface Worker {

        /** Runs one task program to its end, or until {@code cancelled} says so. */
        void run(TaskProgram program, BooleanSupplier cancelled) throws InterruptedException;

        /** Python loop iterations this worker has executed so far; readable from any thread. */
        long cpuIterationsDone();

        /** Marks the worker finished; called once, on its own thread. */
        void detach();
    }
}
