package lab.gil.classroom;

import jakarta.annotation.PreDestroy;
import java.util.function.Consumer;
import lab.gil.broadcast.Broadcasts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * What happens in a class, told to every server through {@link Broadcasts} (topic {@value #TOPIC}), so that a
 * page served by any of them hears it: a class's new state, or a change of who is in the class or connected.
 */
@Component
class ClassNews {

    static final String TOPIC = "classroom";
    private static final Logger log = LoggerFactory.getLogger(ClassNews.class);

    /** One piece of news; {@code snapshot} is set for STATE. */
    record Message(String code, Kind kind, ClassSnapshot snapshot) {}

    enum Kind {
        /** The class's settings, presented run or openness changed: the snapshot says how things are now. */
        STATE,
        /** A student joined or left, or a student's pages connected or went away ({@link Presence}). */
        MEMBERS
    }

    private final Broadcasts broadcasts;
    private final JsonMapper json;
    private Broadcasts.Listening listening;

    ClassNews(Broadcasts broadcasts, JsonMapper json) {
        this.broadcasts = broadcasts;
        this.json = json;
    }

    void state(ClassSnapshot snapshot) {
        publish(new Message(snapshot.code(), Kind.STATE, snapshot));
    }

    void members(String code) {
        publish(new Message(code, Kind.MEMBERS, null));
    }

    /** Calls {@code listener} with every message from any server; one listener, the class channels. */
    synchronized void listen(Consumer<Message> listener) {
        if (listening != null) {
            throw new IllegalStateException("ClassNews has one listener");
        }
        listening = broadcasts.listen(TOPIC, payload -> {
            try {
                listener.accept(json.readValue(payload, Message.class));
            } catch (RuntimeException e) {
                // One bad message (another version's server, say) must not stop the others.
                log.warn("Ignoring a classroom message that could not be handled: {}", e.toString());
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

    private void publish(Message message) {
        broadcasts.publish(TOPIC, json.writeValueAsString(message));
    }
}
