package lab.gil.stream;

import java.io.IOException;

/** Where a subscriber's events go, one at a time, from that subscriber's own sender thread. */
public interface EventSink {

    /** Sends one event; an exception means the receiver is gone. */
    void send(StreamEvent event) throws IOException;

    /** Ends the stream normally. */
    void complete();

    /** Ends the stream because the receiver failed or fell behind. */
    void fail(String reason);
}
