package lab.gil.poll;

import jakarta.annotation.PreDestroy;
import java.util.function.Consumer;
import lab.gil.broadcast.Broadcasts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * A class's poll changed, told to every server through {@link Broadcasts} (topic {@value #TOPIC}) so that pages
 * served by any of them hear it. The message carries no votes: students' pages hear it too, and only the
 * instructor may see the predictions before the reveal.
 */
@Component
class PollNews {

    static final String TOPIC = "poll";
    private static final Logger log = LoggerFactory.getLogger(PollNews.class);

    /**
     * The class's poll now.
     *
     * @param measured the measured answer shown beside a revealed round (a second reveal may bring a newer one);
     *                 null before the reveal
     * @param cpython  what CPython's kept figures answered beside it (a second reveal may read newer ones); null
     *                 before the reveal, and for a round revealed before they were kept
     */
    record Message(String code, int round, boolean revealed, String measured, String cpython) {}

    private final Broadcasts broadcasts;
    private final JsonMapper json;
    private Broadcasts.Listening listening;

    PollNews(Broadcasts broadcasts, JsonMapper json) {
        this.broadcasts = broadcasts;
        this.json = json;
    }

    void publish(Message message) {
        broadcasts.publish(TOPIC, json.writeValueAsString(message));
    }

    /** Calls {@code listener} with every message from any server; one listener, the poll channels. */
    synchronized void listen(Consumer<Message> listener) {
        if (listening != null) {
            throw new IllegalStateException("PollNews has one listener");
        }
        listening = broadcasts.listen(TOPIC, payload -> {
            try {
                listener.accept(json.readValue(payload, Message.class));
            } catch (RuntimeException e) {
                log.warn("Ignoring a poll message that could not be handled: {}", e.toString());
            }
        });
    }

    @PreDestroy
    synchronized void stop() {
        if (listening != null) {
            listening.close();
            listening = null;
        }
    }
}
