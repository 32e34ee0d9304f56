package lab.gil.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Connects browsers to event channels over server-sent events and counts them for the metrics
 * ({@code gillab.sse.subscribers}, tagged by stream).
 */
@Component
public class SseStreams {

    /** A browser's EventSource reconnects by itself when a response ends, so no stream needs to live forever. */
    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

    private final MeterRegistry registry;
    /** Encodes event payloads as the rest of the app's JSON is encoded. */
    private final JsonMapper json;
    /** One live count per kind of stream, created on first use; a gauge binds to the first object it is given. */
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Autowired
    public SseStreams(MeterRegistry registry, JsonMapper json) {
        this.registry = registry;
        this.json = json;
    }

    /** With a plain JSON mapper, for tests that build the run service by hand. */
    public SseStreams(MeterRegistry registry) {
        this(registry, JsonMapper.builder().build());
    }

    /** A subscriber count for one kind of stream, exported as a gauge. */
    public EventChannel.SubscriberCount countFor(String stream) {
        AtomicInteger count = counts.computeIfAbsent(stream,
                s -> registry.gauge("gillab.sse.subscribers", Tags.of("stream", s), new AtomicInteger()));
        return new EventChannel.SubscriberCount() {
            public void increment() {
                count.incrementAndGet();
            }

            public void decrement() {
                count.decrementAndGet();
            }
        };
    }

    /** Opens an SSE response fed by {@code channel} from the event after {@code lastEventId}. */
    public SseEmitter connect(EventChannel channel, long lastEventId) {
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        Subscriber subscriber = channel.subscribe(new SseEventSink(emitter, json::writeValueAsString), lastEventId);
        emitter.onCompletion(() -> subscriber.disconnect("completed"));
        emitter.onTimeout(() -> subscriber.disconnect("timed out"));
        emitter.onError(e -> subscriber.disconnect("error"));
        return emitter;
    }

    /**
     * Where a browser resumes: the {@code Last-Event-ID} header a reconnecting EventSource sends, else the
     * {@code lastEventId} query parameter a page sends when it opens a new EventSource; 0 when neither is usable.
     */
    public static long lastEventId(String header, String queryParameter) {
        long fromHeader = lastEventId(header);
        return fromHeader > 0 ? fromHeader : lastEventId(queryParameter);
    }

    /** Reads the {@code Last-Event-ID} header a reconnecting EventSource sends; 0 when absent or malformed. */
    public static long lastEventId(String header) {
        if (header == null || header.isBlank()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
