package lab.gil.interpreter;

/** What an emulated Python thread is doing at a moment; the lanes of the page colour workers by it. */
public enum WorkerState {
    /** Attached but not running a task. */
    IDLE,
    /** Running Python code: holding the GIL, or without one in free-threaded mode. */
    RUNNING,
    /** Wants to run Python code and waits for another thread to drop the GIL. */
    WAITING_FOR_GIL,
    /** In blocking I/O, GIL released. */
    IO,
    /** In C code that released the GIL and burns CPU (hashlib, NumPy). */
    NATIVE,
    /** In one long C call that keeps the GIL (sorting a big list); never interrupted. */
    BUILTIN,
    /** Waits for a {@code threading.Lock} another thread holds; like CPython's {@code acquire}, GIL released. */
    BLOCKED,
    /** Detached: the worker has finished. */
    DONE
}
