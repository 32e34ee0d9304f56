package lab.gil.broadcast;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Broadcasts within one server: a listener is called on the publishing thread, so listeners must return quickly
 * (hand the message to an {@code EventChannel}, say). This is the default; several servers need a shared engine.
 */
public final class LocalBroadcasts implements Broadcasts {

    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

    @Override
    public void publish(String topic, String payload) {
        if (payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("A broadcast carries at most " + MAX_PAYLOAD_BYTES + " bytes.");
        }
        for (Consumer<String> listener : listeners.getOrDefault(topic, List.of())) {
            listener.accept(payload);
        }
    }

    @Override
    public Listening listen(String topic, Consumer<String> listener) {
        List<Consumer<String>> topicListeners = listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>());
        topicListeners.add(listener);
        return () -> topicListeners.remove(listener);
    }
}
