package lab.gil.cpython;

/** What a generated program needs of the CPython that runs it, said in words a self-hoster can act on. */
public enum Needs {
    /** Any CPython 3.10 or newer. */
    ANY_CPYTHON("CPython 3.10 or newer"),
    /** A build without the GIL: scenarios whose GIL mode is {@code free-threaded}. */
    FREE_THREADED("a free-threaded CPython, 3.13 or newer (python3.13t or python3.14t)"),
    /** InterpreterPoolExecutor: scenarios with one interpreter, and one GIL, per worker. */
    INTERPRETERS("CPython 3.14 or newer (concurrent.futures.InterpreterPoolExecutor)"),
    /** gevent installed for that CPython: greenlet scenarios run with gevent. */
    GEVENT("CPython 3.10 or newer with gevent installed");

    private final String words;

    Needs(String words) {
        this.words = words;
    }

    /** What is needed, e.g. "a free-threaded CPython, 3.13 or newer (python3.13t or python3.14t)". */
    public String words() {
        return words;
    }
}
