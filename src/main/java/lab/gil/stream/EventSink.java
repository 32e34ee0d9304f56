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

    /** Ends the stream because the receiver failed or fell behind. */
    void fail(String reason);
}
