package lab.gil.scenario;

import java.time.Duration;
import java.util.List;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import lab.gil.interpreter.GilMode;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * What to run: an executor with its workers, a number of tasks, the task programs they run (task i runs
 * program i mod count) and how the interpreter shares the GIL. Built only by {@link ScenarioParser}, which
 * enforces the bounds.
 *
 * @param split when true the programs' amounts are one fixed total shared among the tasks that run them, as
 *              {@code countdown(COUNT // n)} shares COUNT; when false every task runs its program as written
 */
public record Scenario(ExecutorKind executor, int workers, int tasks, List<TaskProgram> programs, boolean split,
                       GilMode gil, Duration switchInterval) {

    public Scenario {
        programs = List.copyOf(programs);
    }

    /** The program task {@code task} runs, with its share of the total when the scenario splits it. */
    public TaskProgram programFor(int task) {
        int k = task % programs.size();
        TaskProgram program = programs.get(k);
        if (!split) {
            return program;
        }
        int tasksRunningIt = tasks / programs.size() + (k < tasks % programs.size() ? 1 : 0);
        return program.share(tasksRunningIt);
    }

    /**
     * Each program a task of the run runs, once: the lines as written, or with {@code split} their shares, which
     * differ from the lines (a {@code send 8MB} shared by two tasks sends 4 MB each).
     */
    public List<TaskProgram> taskPrograms() {
        // A task's program depends only on its line (task mod lines), so the first tasks show every one.
        return IntStream.range(0, Math.min(tasks, programs.size())).mapToObj(this::programFor).distinct().toList();
    }

    /** Python loop iterations the whole run executes, the unit its progress is counted in when non-zero. */
    public long totalCpuIterations() {
        return sumOverTasks(TaskProgram::cpuIterations);
    }

    /** {@code counter += 1} executions the whole run makes: what the shared counter ends at if none is lost. */
    public long totalIncrements() {
        return sumOverTasks(program -> program.steps().stream().mapToLong(step -> switch (step) {
            case Step.Increment incr -> incr.times();
            case Step.SharedIncrement incr -> incr.times();
            case Step.LockedIncrement incr -> incr.times();
            default -> 0;
        }).sum());
    }

    /** {@code counter += 1} executions of {@code incr-shared} steps: a counter in shared memory for processes. */
    public long totalSharedMemoryIncrements() {
        return sumOverTasks(program -> program.steps().stream()
                .mapToLong(step -> step instanceof Step.SharedIncrement incr ? incr.times() : 0).sum());
    }

    /** Bytes the whole run passes to and from its tasks ({@code send} and {@code recv}): what processes copy. */
    public long totalBytesPassed() {
        return sumOverTasks(TaskProgram::bytesPassed);
    }

    /** {@code perTask} of every task's program, with its share of the total when the scenario splits it, added up. */
    private long sumOverTasks(ToLongFunction<TaskProgram> perTask) {
        long total = 0;
        for (int t = 0; t < tasks; t++) {
            total += perTask.applyAsLong(programFor(t));
        }
        return total;
    }

    /**
     * The same total work on one worker: what the speedup is measured against. A fixed total shared one task per
     * worker becomes one task doing all of it, as {@code countdown(COUNT)} on one thread.
     */
    public Scenario withOneWorker() {
        boolean oneTaskPerWorker = split && tasks == workers;
        return new Scenario(executor, 1, oneTaskPerWorker ? 1 : tasks, programs, split, gil, switchInterval);
    }

    /** A stable text naming this scenario's work, used to match it with its one-worker baseline. */
    public String key() {
        return executor.id() + "|" + workers + "|" + tasks + "|" + split + "|" + gil + "|" + switchInterval.toNanos()
                + "|" + String.join("\n", programs.stream().map(TaskProgram::text).toList());
    }
}
