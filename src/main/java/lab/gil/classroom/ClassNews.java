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
 * page served by any of them hears it: a class's new state, someone joining or leaving, a page connecting or
 * disconnecting.
 */
@Component
class ClassNews {

    static final String TOPIC = "classroom";
    private static final Logger log = LoggerFactory.getLogger(ClassNews.class);

    /** One piece of news; {@code snapshot} is set for STATE, {@code memberId} and {@code delta} for PRESENCE. */
    record Message(String code, Kind kind, ClassSnapshot snapshot, Long memberId, int delta) {}

    enum Kind {
        /** The class's settings, presented run or openness changed: the snapshot says how things are now. */
        STATE,
        /** A student joined or left. */
        MEMBERS,
        /** {@code delta} (+1 or -1) pages of a member connected to, or disconnected from, the class stream. */
        PRESENCE
    }

    private final Broadcasts broadcasts;
    private final JsonMapper json;
    private Broadcasts.Listening listening;

    ClassNews(Broadcasts broadcasts, JsonMapper json) {
        this.broadcasts = broadcasts;
        this.json = json;
    }

    void state(ClassSnapshot snapshot) {
        publish(new Message(snapshot.code(), Kind.STATE, snapshot, null, 0));
    }

    void members(String code) {
        publish(new Message(code, Kind.MEMBERS, null, null, 0));
    }

    void presence(String code, long memberId, int delta) {
        publish(new Message(code, Kind.PRESENCE, null, memberId, delta));
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
