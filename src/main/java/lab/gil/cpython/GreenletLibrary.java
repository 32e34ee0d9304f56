package lab.gil.cpython;

/** What runs a scenario's greenlets in CPython: gevent where it is installed, asyncio (always there) otherwise. */
public enum GreenletLibrary {
    /** gevent's greenlets on its hub, switching at gevent.sleep and gevent's queue: what GIL Lab's greenlets are. */
    GEVENT,
    /** Coroutines on an asyncio event loop, switching at each {@code await}: the same one-at-a-time, explicitly. */
    ASYNCIO
}
