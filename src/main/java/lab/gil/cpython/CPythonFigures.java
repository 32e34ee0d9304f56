package lab.gil.cpython;

import java.util.List;

/**
 * What a generated program measured in CPython, as its last line of JSON says ({@code {"figures": {...}}}): the
 * figures GIL Lab's emulation reports too. Times are in seconds unless the name says otherwise.
 *
 * @param python           the CPython version, such as 3.11.7
 * @param gil              {@code enabled}, or {@code disabled} in a free-threaded build
 * @param runner           what ran the tasks, such as {@code multiprocessing.Pool} or {@code asyncio}
 * @param startMethod      how worker processes were started ({@code spawn}); null without processes
 * @param wallSeconds      from the clock's start (every worker ready) to the last task's end
 * @param cpuSeconds       CPU time the tasks' threads or processes used
 * @param tasksFinished    tasks that finished
 * @param tasksLost        tasks that started in a worker process that died, and so never finished
 * @param taskSeconds      each task's time, in task order; null for a task that did not finish
 * @param counter          the shared counter, when the programs increment it; null otherwise
 * @param ownCounters      each worker process's (or interpreter's) own counter; null when the tasks share one
 * @param backFromIoMs     how long a task back from an io step waited to run again; null without io steps
 * @param bytesCopied      bytes pickled to and from worker processes or interpreters
 * @param copySeconds      the time those copies took
 * @param failure          an exception a task raised, in words; null when none did
 */
public record CPythonFigures(String python, String implementation, String gil, String runner, String startMethod,
                             int workers, int tasks, double switchIntervalMs, double wallSeconds, double cpuSeconds,
                             int tasksFinished, List<Integer> tasksLost, List<Double> taskSeconds, Counter counter,
                             List<Long> ownCounters, Latency backFromIoMs, long bytesCopied, double copySeconds,
                             String failure) {

    public CPythonFigures {
        tasksLost = tasksLost == null ? List.of() : List.copyOf(tasksLost);
        taskSeconds = taskSeconds == null ? List.of() : java.util.Collections.unmodifiableList(
                new java.util.ArrayList<>(taskSeconds)); // nulls allowed: tasks that did not finish
        ownCounters = ownCounters == null ? null : List.copyOf(ownCounters);
    }

    /** The shared counter: increments made, its value at the end, and the difference. */
    public record Counter(long expected, long actual, long lost) {}

    /** Milliseconds from an io step's due end until its task ran again: how many, the median and the longest. */
    public record Latency(int count, double median, double max) {}
}
