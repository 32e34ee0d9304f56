package lab.gil.stream;

import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Sends a subscriber's events to a browser through Spring MVC's {@link SseEmitter}. */
public final class SseEventSink implements EventSink {

    private final SseEmitter emitter;

    public SseEventSink(SseEmitter emitter) {
        this.emitter = emitter;
    }

    @Override
    public void send(StreamEvent event) throws IOException {
        emitter.send(SseEmitter.event()
                .id(Long.toString(event.id()))
                .name(event.name())
                .data(event.data(), MediaType.APPLICATION_JSON));
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
