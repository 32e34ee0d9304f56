package lab.gil.process;

import java.util.List;

/**
 * A message between the server and a worker process. Every message travels as one frame (see {@link Wire}); the
 * first message a worker sends is {@link Ready}, and after that it answers only what the server asks.
 */
public sealed interface Message {

    // ---- server to worker ----

    /** Asks the worker for its clock, so that its state changes can be placed on the server's time line. */
    record Sync() implements Message {}

    /**
     * Runs one task program on the worker's interpreter of run {@code runId} (a new run gets a new interpreter, so
     * a counter lives as long as the run, as a global in a pool worker does).
     *
     * @param calibration  nsPerIteration, roundsPerIteration, nsPerRound and warmShare of the processes'
     *                     calibration, so that an emulated iteration costs the same in every process as in CPython
     * @param argumentsChargeNanos what CPython's pickling, piping and unpickling of the arguments would cost (the
     *                     server works it out from their sizes and the process's heap); the worker burns what is
     *                     left of it once its own copy is done
     * @param sharedFiles  the shared buffers the task's {@code share} steps map, in step order
     * @param arguments    the arguments of the task's {@code send} steps, in step order, serialized straight from
     *                     these arrays into the pipe
     * @param sharedCounterFile the file of the run's counter in shared memory, for {@code incr-shared}; empty if none
     */
    record RunTask(long runId, int task, double nsPerIteration, double roundsPerIteration, double nsPerRound,
                   double warmShare, long argumentsChargeNanos, long switchIntervalNanos, String program, List<String> sharedFiles, List<byte[]> arguments,
                   String sharedCounterFile) implements Message {
        public RunTask {
            sharedFiles = List.copyOf(sharedFiles);
            arguments = List.copyOf(arguments);
        }
    }

    /** The answer to a {@link QueueTake}: an item was taken ({@code taken}), or the run is ending. */
    record QueueItem(boolean taken) implements Message {}

    // ---- worker to server ----

    /** A task put an item on the run's queue, which lives in the server; no answer, as the queue is unbounded. */
    record QueuePut() implements Message {}

    /** A task waits for an item from the run's queue; the server answers with a {@link QueueItem}. */
    record QueueTake() implements Message {}

    /** The worker is up and waiting for tasks. */
    record Ready(long pid) implements Message {}

    /** The worker's {@link System#nanoTime()} when it answered a {@link Sync}. */
    record Clock(long nanoTime) implements Message {}

    /**
     * State changes of the worker's one Python thread since the last batch, in the worker's time base.
     *
     * @param states            {@code WorkerState} ordinals
     * @param nanoTimes         the instants of the changes, in the worker's {@code System.nanoTime()}
     * @param cpuIterationsDone {@code cpu} iterations the worker has finished in this run so far
     */
    record States(byte[] states, long[] nanoTimes, long cpuIterationsDone, long dropped) implements Message {}

    /**
     * A task has ended.
     *
     * @param finished       false when the task was cancelled
     * @param threadCpuNanos CPU time of the worker's Python thread during the task
     * @param counter        the worker's own {@code counter} after the task: it lives in this process only
     * @param receiveNanos   time the worker spent receiving the task's arguments, from their first bytes in the
     *                       pipe until each was an object of its own (pickle's transfer and unpickling), and
     *                       mapping its shared buffers; 0 when the task had neither
     */
    record TaskDone(int task, boolean finished, long threadCpuNanos, long voluntarySwitches,
                    long involuntarySwitches, long counter, long receiveNanos) implements Message {}

    /**
     * The results of the task's {@code recv} steps, sent just before its {@link TaskDone}; the server times their
     * reading, which is their copy's time (the worker streams them into the pipe as it serializes them).
     */
    record Results(int task, List<byte[]> results) implements Message {
        public Results {
            results = List.copyOf(results);
        }
    }

    /** A task failed inside the worker with this message; the worker lives on. */
    record Failed(int task, String message) implements Message {}
}
