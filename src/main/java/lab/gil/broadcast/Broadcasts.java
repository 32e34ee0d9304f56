package lab.gil.broadcast;

import java.util.function.Consumer;

/**
 * Messages that every server of a class must hear: class settings, a presented run, poll updates. One server
 * delivers them in its own process; several servers deliver them through a shared engine, so that a student whose
 * page is served by another server than the instructor's still sees the change.
 *
 * <p>Delivery is at most once and in publishing order per topic; a listener that missed messages (a server that
 * restarted) reads the current state from the database, never from the message history.
 */
public interface Broadcasts {

    /** The longest payload a message may carry, in UTF-8 bytes: below PostgreSQL's NOTIFY limit of 8,000. */
    int MAX_PAYLOAD_BYTES = 7_900;

    /**
     * Sends {@code payload} to every listener of {@code topic} on every server, this one included; returns without
     * waiting for them. Throws {@link IllegalArgumentException} for a payload above {@link #MAX_PAYLOAD_BYTES}.
     */
    void publish(String topic, String payload);

    /** Calls {@code listener} with every payload later published to {@code topic}, until the listening is closed. */
    Listening listen(String topic, Consumer<String> listener);

    /** One listener's registration; closing it stops the calls. */
    interface Listening extends AutoCloseable {
        @Override
        void close();
    }
}
