package lab.gil.cpython;

/**
 * One CPython found on this server, as it described itself.
 *
 * @param command         how it was configured: a command on the PATH or a path
 * @param executable      the interpreter itself ({@code sys.executable}), which runs programs: a launcher such as
 *                        pyenv's shim is started once, to find it, not for every program
 * @param version         its version, such as 3.11.7
 * @param freeThreaded    whether it runs without a GIL (a 3.13t or 3.14t build with the GIL left off)
 * @param gevent          whether it can import gevent (with its site packages)
 * @param interpreterPool whether it has concurrent.futures.InterpreterPoolExecutor (3.14 and newer)
 */
public record PythonBuild(String command, String executable, String version, boolean freeThreaded, boolean gevent,
                          boolean interpreterPool) {

    /** Whether this build can run a program that needs {@code needs}. */
    public boolean meets(Needs needs) {
        return switch (needs) {
            case ANY_CPYTHON -> true;
            case FREE_THREADED -> freeThreaded;
            case INTERPRETERS -> interpreterPool;
            case GEVENT -> gevent;
        };
    }

    /** "CPython 3.11.7", with "free-threaded" when it has no GIL. */
    public String describe() {
        return "CPython " + version + (freeThreaded ? " (free-threaded)" : "");
    }
}
