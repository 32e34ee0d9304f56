package lab.gil.scenario;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntSupplier;
import lab.gil.interpreter.GilMode;

/**
 * How a scenario's tasks are run, named as the form and lesson files spell it, with the bounds and words that go with
 * each: the scenario language's side of a kind of worker (the run side is the kind's own package).
 */
public enum ExecutorKind {
    /** One after another on one thread, as a plain loop would. */
    SEQUENTIAL("sequential", "thread", "threads", () -> 1, () -> ScenarioLimits.MAX_TASKS, "sequential"),
    /** On a pool of platform threads, as {@code concurrent.futures.ThreadPoolExecutor}. */
    THREADS("threads", "thread", "threads", () -> ScenarioLimits.MAX_WORKERS, () -> ScenarioLimits.MAX_TASKS, null),
    /** On a pool of reused worker processes, each with its own interpreter and GIL, as {@code ProcessPoolExecutor}. */
    PROCESSES("processes", "process", "processes", () -> ScenarioLimits.MAX_PROCESSES, () -> ScenarioLimits.MAX_TASKS,
            null, Trait.COPIES_ARGUMENTS),
    /** On a new process for every task, started and ended with it, as one {@code multiprocessing.Process} per job. */
    PROCESS_PER_TASK("process-per-task", "process", "processes", () -> ScenarioLimits.MAX_PROCESSES,
            () -> ScenarioLimits.MAX_PROCESS_PER_TASK_TASKS, "one per task", Trait.COPIES_ARGUMENTS,
            Trait.A_WORKER_PER_TASK),
    /**
     * On greenlets of one hub, on one thread's worth of Python, as gevent's {@code Pool(n).map}: each runs until it
     * waits, and nothing preempts it.
     */
    GREENLETS("greenlets", "greenlet", "greenlets", () -> ScenarioLimits.MAX_GREENLETS,
            () -> ScenarioLimits.MAX_GREENLET_TASKS, null, Trait.ONE_HUB_WHATEVER_THE_GIL),
    /**
     * On a pool of subinterpreters of one process, one GIL each, sharing nothing, passing objects by copying, as
     * Python 3.14's {@code InterpreterPoolExecutor} (PEP 734). As many as processes may be.
     */
    INTERPRETERS("interpreters", "interpreter", "interpreters", () -> ScenarioLimits.MAX_PROCESSES,
            () -> ScenarioLimits.MAX_TASKS, null, Trait.COPIES_ARGUMENTS);

    /** What sets an executor apart from running tasks on threads of one shared memory. */
    public enum Trait {
        /** Arguments, results and buffers passed to its workers are copied (pickled), and count against a bound. */
        COPIES_ARGUMENTS,
        /** Each task starts a worker of its own, so that the bound on tasks is a bound on started workers. */
        A_WORKER_PER_TASK,
        /** Its workers take turns on one thread until each waits: no GIL mode but the default changes that. */
        ONE_HUB_WHATEVER_THE_GIL
    }

    private final String id;
    /** What one worker of this executor is called, and more than one. */
    private final String worker, workers;
    /** The most workers and tasks a run may have (read when asked: the limits may follow the server). */
    private final IntSupplier maxWorkers, maxTasks;
    private final Set<Trait> traits;
    /** How a run's label says the executor runs its tasks, besides its workers ("one per task"); null when plainly. */
    private final String how;

    ExecutorKind(String id, String worker, String workers, IntSupplier maxWorkers, IntSupplier maxTasks, String how,
                 Trait... traits) {
        this.id = id;
        this.worker = worker;
        this.workers = workers;
        this.maxWorkers = maxWorkers;
        this.maxTasks = maxTasks;
        this.traits = traits.length == 0 ? EnumSet.noneOf(Trait.class)
                : EnumSet.of(traits[0], traits);
        this.how = how;
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

    /** What one of its workers is called. */
    public String workerNoun() {
        return worker;
    }

    /** What its workers are called, more than one: the name its bound on workers is given under. */
    public String workersNoun() {
        return workers;
    }

    /** The most workers one run of it may have; a sequential run always has one. */
    public int maxWorkers() {
        return maxWorkers.getAsInt();
    }

    /** The most tasks one run of it may have. */
    public int maxTasks() {
        return maxTasks.getAsInt();
    }

    public boolean has(Trait trait) {
        return traits.contains(trait);
    }

    /** The GIL modes a run of it may ask for: workers that take turns on one hub have the default only. */
    public boolean allows(GilMode gil) {
        return !has(Trait.ONE_HUB_WHATEVER_THE_GIL) || gil == GilMode.GIL;
    }

    /** How a run's label says it runs its tasks besides its workers ("sequential", "one per task"); null if plainly. */
    public String how() {
        return how;
    }
}
