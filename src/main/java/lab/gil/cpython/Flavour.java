package lab.gil.cpython;

import lab.gil.interpreter.GilMode;
import lab.gil.scenario.Scenario;

/**
 * How a generated program runs its tasks: the Python that stands for a scenario's kind of worker and GIL mode.
 * Each has one fragment ({@code run-*.py}) with its {@code run_tasks()}.
 */
enum Flavour {
    SEQUENTIAL("run-sequential.py", "one thread, one task after another"),
    THREADS("run-threads.py", "threads of one interpreter (concurrent.futures.ThreadPoolExecutor)"),
    PROCESS_POOL("run-process-pool.py", "a pool of worker processes (multiprocessing.Pool, started with \"spawn\")"),
    PROCESS_PER_TASK("run-process-per-task.py",
            "a new worker process per task (multiprocessing.Process, started with \"spawn\")"),
    GEVENT("run-gevent.py", "greenlets of one gevent hub (gevent.pool.Pool)"),
    ASYNCIO("run-asyncio.py", "coroutines of one asyncio event loop, standing in for greenlets (gevent is not used)"),
    INTERPRETERS("run-interpreters.py",
            "one interpreter per worker, each with its own GIL (concurrent.futures.InterpreterPoolExecutor)");

    /** The fragment with this flavour's run_tasks(). */
    final String fragment;
    /** How the tasks run, in words for the program's docstring. */
    final String words;

    Flavour(String fragment, String words) {
        this.fragment = fragment;
        this.words = words;
    }

    static Flavour of(Scenario scenario, GreenletLibrary greenlets) {
        return switch (scenario.executor()) {
            case SEQUENTIAL -> SEQUENTIAL;
            case THREADS -> scenario.gil() == GilMode.PER_INTERPRETER ? INTERPRETERS : THREADS;
            case PROCESSES -> PROCESS_POOL;
            case PROCESS_PER_TASK -> PROCESS_PER_TASK;
            case GREENLETS -> greenlets == GreenletLibrary.GEVENT ? GEVENT : ASYNCIO;
        };
    }

    /** Whether each task runs apart from the main interpreter, so that its arguments and results are pickled. */
    boolean tasksApart() {
        return this == PROCESS_POOL || this == PROCESS_PER_TASK || this == INTERPRETERS;
    }

    /** Whether worker processes of their own run the tasks (a counter in shared memory, shared blocks, a crash alone). */
    boolean processes() {
        return this == PROCESS_POOL || this == PROCESS_PER_TASK;
    }

    /** Whether the steps that wait are coroutines, awaited. */
    boolean async() {
        return this == ASYNCIO;
    }
}
