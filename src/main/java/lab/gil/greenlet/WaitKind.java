package lab.gil.greenlet;

/** What an {@code io} step of a greenlet really waits on. */
public enum WaitKind {
    /**
     * A request on the hub's loopback connection to a server that answers after the step's duration, read without
     * blocking when the hub's selector says the answer has come: a socket read, as a network client does.
     */
    SOCKET,
    /** A timer of the hub's own, as {@code gevent.sleep} or {@code asyncio.sleep}. */
    TIMER
}
