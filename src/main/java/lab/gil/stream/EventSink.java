package lab.gil.stream;

import java.io.IOException;

/** Where a subscriber's events go, one at a time, from that subscriber's own sender thread. */
public interface EventSink {

    /** Sends one event; an exception means the receiver is gone. */
    void send(StreamEvent event) throws IOException;

    /** Sends several events in order, as one write where the sink can: a receiver that fell behind catches up cheaply. */
    default void sendAll(java.util.List<StreamEvent> events) throws IOException {
        for (StreamEvent e : events) {
            send(e);
        }
    }

    /** Ends the stream normally. */
    void complete();

    /**
     * Tells the receiver that this server is going away, then ends the stream: a page reconnects (to whichever
     * server the load balancer gives it) and resumes after the last event it saw. A sink that is not a page just
     * ends.
     */
    default void leave() {
        complete();
    }

    /** Ends the stream because the receiver failed or fell behind. */
    void fail(String reason);
}
