package lab.gil.interpreter;

/**
 * How the threads of an {@link Interpreter} share the right to run Python code.
 *
 * <p>Each mode stands for a real CPython build or feature, so that a lesson can put the same program on each.
 */
public enum GilMode {
    /** CPython's default: one GIL for all threads, handed over as {@code Python/ceval_gil.c} does. */
    GIL,
    /** No GIL at all, as in the free-threaded builds 3.13t and 3.14t (PEP 703): threads just run. */
    FREE_THREADED,
    /**
     * One GIL per worker thread, as with one subinterpreter per thread (PEP 684, PEP 734). Subinterpreters share
     * no objects, so each worker also gets its own shared counter.
     */
    PER_INTERPRETER
}
