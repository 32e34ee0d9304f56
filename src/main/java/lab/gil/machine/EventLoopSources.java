package lab.gil.machine;

import java.util.List;

/**
 * Where the greenlets' costs per task are measured: CPython event loops to try in turn, the first that runs counts.
 * The cpython package answers it from {@code gillab.cpython.greenlets}, as it chooses what runs a greenlet scenario's
 * program, so that the hub and the program beside it follow the same loop.
 */
@FunctionalInterface
public interface EventLoopSources {

    /** One event loop, {@link #GEVENT} or {@link #ASYNCIO}, in the python that runs it (a command or a path). */
    record Source(String loop, String python) {

        public static final String GEVENT = "gevent";
        public static final String ASYNCIO = "asyncio";

        public Source {
            if (!loop.equals(GEVENT) && !loop.equals(ASYNCIO)) {
                throw new IllegalArgumentException("an event loop is gevent or asyncio, not " + loop);
            }
        }
    }

    /** The loops to try, in turn. */
    List<Source> inOrder();

    /**
     * Without the cpython package (this package's tests): gevent in {@code python3}, else in Debian's
     * {@code /usr/bin/python3}, whose {@code python3-gevent} lives where only {@code site} looks; else asyncio.
     */
    EventLoopSources GEVENT_ELSE_ASYNCIO = () -> List.of(new Source(Source.GEVENT, "python3"),
            new Source(Source.GEVENT, "/usr/bin/python3"), new Source(Source.ASYNCIO, "python3"));
}
