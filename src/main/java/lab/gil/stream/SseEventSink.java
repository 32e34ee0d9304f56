package lab.gil.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Sends a subscriber's events to a browser through Spring MVC's {@link SseEmitter}. */
public final class SseEventSink implements EventSink {

    /** The payload is JSON already; written as text, as-is. */
    private static final MediaType JSON_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    private final SseEmitter emitter;
    private final Function<Object, String> encoder;

    public SseEventSink(SseEmitter emitter, Function<Object, String> encoder) {
        this.emitter = emitter;
        this.encoder = encoder;
    }

    @Override
    public void send(StreamEvent event) throws IOException {
        emitter.send(event(event));
    }

    /** Writes the events with one flush. */
    @Override
    public void sendAll(List<StreamEvent> events) throws IOException {
        if (events.size() == 1) {
            send(events.getFirst());
            return;
        }
        Set<ResponseBodyEmitter.DataWithMediaType> parts = new LinkedHashSet<>();
        for (StreamEvent e : events) {
            parts.addAll(event(e).build());
        }
        emitter.send(parts);
    }

    private SseEmitter.SseEventBuilder event(StreamEvent event) {
        return SseEmitter.event().id(Long.toString(event.id())).name(event.name()).data(event.json(encoder), JSON_TEXT);
    }

    @Override
    public void complete() {
        emitter.complete();
    }

    @Override
    public void fail(String reason) {
        // Completing (not completeWithError) closes the response cleanly; the browser reconnects by itself.
        emitter.complete();
    }
}
