package lab.gil.interpreter;

/** How an interpreter's threads share the right to run Python code. */
public enum GilMode {
    /** One GIL for the interpreter, as CPython does by default. */
    GIL,
    /** No GIL at all, as the free-threaded builds 3.13t and 3.14t. */
    FREE_THREADED,
    /** One GIL per worker thread, as subinterpreters (PEP 684) each have their own. */
    PER_INTERPRETER
}
