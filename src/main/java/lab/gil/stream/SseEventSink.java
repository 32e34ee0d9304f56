package lab.gil.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Sends a subscriber's events to a browser through Spring MVC's {@link SseEmitter}, as frames encoded once per
 * event for all subscribers ({@link SseFrame}, written by {@link SseFrameConverter}): a batch is one write and
 * one flush.
 */
public final class SseEventSink implements EventSink {

    private final SseEmitter emitter;
    private final Function<Object, String> encoder;
    /** Told when the stream fails (the browser went away, or fell behind), after the response was let go of. */
    private final Runnable failed;

    public SseEventSink(SseEmitter emitter, Function<Object, String> encoder) {
        this(emitter, encoder, () -> {});
    }

    /**
     * A sink that also runs {@code failed} when the stream fails. Needed because the emitter's own callbacks are not
     * always called then: after a write failed on a connection the browser had just closed, Tomcat recycled the
     * request while Spring ran none of the emitter's completion, error or timeout callbacks (seen about twice in a
     * thousand quick connect-and-leave cycles).
     */
    public SseEventSink(SseEmitter emitter, Function<Object, String> encoder, Runnable failed) {
        this.emitter = emitter;
        this.encoder = encoder;
        this.failed = failed;
    }

    @Override
    public void send(StreamEvent event) throws IOException {
        sendAll(List.of(event));
    }

    /** Writes the events with one flush. */
    @Override
    public void sendAll(List<StreamEvent> events) throws IOException {
        emitter.send(new Encoded(SseFrame.of(events, encoder)));
    }

    @Override
    public void complete() {
        completeQuietly();
    }

    @Override
    public void fail(String reason) {
        // Completing (not completeWithError) closes the response cleanly; the browser reconnects by itself.
        completeQuietly();
        failed.run();
    }

    /** Sends the {@code leaving} event, then completes; a receiver already gone is simply not told. */
    @Override
    public void leave() {
        try {
            emitter.send(new Encoded(SseFrame.LEAVING));
        } catch (IOException | IllegalStateException e) {
            // Gone already: nothing to tell.
        }
        completeQuietly();
    }

    /**
     * Completes the response, unless the container has ended it already: once a write failed or the browser went
     * away, Tomcat refuses any further use of the request's async context from an application thread ("A
     * non-container (application) thread attempted to use the AsyncContext after an error had occurred"), and
     * the container's own error handling completes it. Uncaught, that refusal ended sender threads with a stack
     * trace in the log.
     */
    private void completeQuietly() {
        try {
            emitter.complete();
        } catch (IllegalStateException e) {
            // Ended by the container already.
        }
    }

    /**
     * Hands a ready frame to the emitter as the whole of one send: {@code SseEmitter.send(Object)} would wrap it in
     * a {@code data:} line of its own, an event builder's parts go out as they are.
     */
    private record Encoded(SseFrame frame) implements SseEmitter.SseEventBuilder {

        @Override
        public Set<ResponseBodyEmitter.DataWithMediaType> build() {
            return Set.of(new ResponseBodyEmitter.DataWithMediaType(frame, MediaType.TEXT_EVENT_STREAM));
        }

        @Override
        public SseEmitter.SseEventBuilder id(String id) {
            throw new UnsupportedOperationException("the frame is encoded already");
        }

        @Override
        public SseEmitter.SseEventBuilder name(String eventName) {
            throw new UnsupportedOperationException("the frame is encoded already");
        }

        @Override
        public SseEmitter.SseEventBuilder reconnectTime(long reconnectTimeMillis) {
            throw new UnsupportedOperationException("the frame is encoded already");
        }

        @Override
        public SseEmitter.SseEventBuilder comment(String comment) {
            throw new UnsupportedOperationException("the frame is encoded already");
        }

        @Override
        public SseEmitter.SseEventBuilder data(Object object) {
            throw new UnsupportedOperationException("the frame is encoded already");
        }

        @Override
        public SseEmitter.SseEventBuilder data(Object object, org.springframework.http.MediaType mediaType) {
            throw new UnsupportedOperationException("the frame is encoded already");
        }
    }
}
