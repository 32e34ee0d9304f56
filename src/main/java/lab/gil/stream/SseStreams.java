package lab.gil.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Connects browsers to event channels over server-sent events, counts them for the metrics
 * ({@code gillab.sse.subscribers}, tagged by stream), and tells them all when the server is about to stop
 * ({@link #leaveAll}).
 */
@Component
public class SseStreams {

    /** Why a stream asked for while the server stops is refused; a load balancer retries it on another server. */
    static final String LEAVING_REASON = "This server is stopping: reconnect, and another server (or this one, "
            + "restarted) takes the stream.";

    /** A browser's EventSource reconnects by itself when a response ends, so no stream needs to live forever. */
    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);

    private final MeterRegistry registry;
    /** Encodes event payloads as the rest of the app's JSON is encoded. */
    private final JsonMapper json;
    /** One live count per kind of stream, created on first use; a gauge binds to the first object it is given. */
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** Every stream connected through here whose response the container has not completed yet. */
    private final Set<Subscriber> open = ConcurrentHashMap.newKeySet();
    /** Guards nothing but {@link #allClosed}, signalled whenever a stream's response completes. */
    private final ReentrantLock closing = new ReentrantLock();
    private final Condition allClosed = closing.newCondition();
    /** Set once by {@link #leaveAll}: from then on no stream is opened. */
    private volatile boolean leaving;

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

    /**
     * Opens an SSE response fed by {@code channel} from the event after {@code lastEventId}.
     *
     * @throws ResponseStatusException 503 once the server is leaving
     */
    public SseEmitter connect(EventChannel channel, long lastEventId) {
        return connect(channel, lastEventId, () -> {});
    }

    /**
     * Opens an SSE response fed by {@code channel} from the event after {@code lastEventId}, and runs
     * {@code ended} once when the stream ends, however it ends (rely on this rather than the emitter's own
     * callbacks, which a browser that went away may skip: see {@link SseEventSink}).
     *
     * @throws ResponseStatusException 503 once the server is leaving
     */
    public SseEmitter connect(EventChannel channel, long lastEventId, Runnable ended) {
        if (leaving) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, LEAVING_REASON);
        }
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        Connection connection = new Connection(ended);
        Subscriber subscriber = channel.subscribe(
                new SseEventSink(emitter, json::writeValueAsString, connection::end), lastEventId);
        connection.subscribed(subscriber);
        emitter.onCompletion(() -> {
            subscriber.disconnect("completed");
            connection.end();
        });
        emitter.onTimeout(() -> subscriber.disconnect("timed out"));
        emitter.onError(e -> subscriber.disconnect("error"));
        if (leaving) {
            // leaveAll ran while this stream was being connected, and may not have seen it.
            subscriber.leave();
        }
        return emitter;
    }

    /**
     * Tells every open stream that the server is going away (the {@code leaving} event, after what each has
     * pending), completes them, and refuses new ones from now on; waits until their responses have completed or
     * {@code timeout} has passed, and returns how many were still open then (a browser that stopped reading, or a
     * completion the web server had no time for: its own stop closes those connections).
     */
    public int leaveAll(Duration timeout) throws InterruptedException {
        leaving = true;
        open.forEach(Subscriber::leave);
        long deadline = System.nanoTime() + timeout.toNanos();
        closing.lock();
        try {
            for (long left = timeout.toNanos(); !open.isEmpty() && left > 0; left = deadline - System.nanoTime()) {
                allClosed.awaitNanos(left);
            }
        } finally {
            closing.unlock();
        }
        int stalled = open.size();
        // Their senders are blocked on writes nobody reads: stopped without waiting for them.
        open.forEach(s -> Thread.ofVirtual().name("sse-abandon").start(() -> s.disconnect("server leaving")));
        return stalled;
    }

    /** How many streams are open now, across every channel. */
    public int openStreams() {
        return open.size();
    }

    /**
     * One stream opened here, from its subscription until it ended: its end may come from the sender thread before
     * {@link #connect} has finished, so both sides look at the other's mark.
     */
    private final class Connection {
        private final Runnable whenEnded;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile Subscriber subscriber;

        Connection(Runnable whenEnded) {
            this.whenEnded = whenEnded;
        }

        void subscribed(Subscriber s) {
            subscriber = s;
            open.add(s);
            if (ended.get()) {
                closed(s);
            }
        }

        void end() {
            if (ended.compareAndSet(false, true)) {
                Subscriber s = subscriber;
                if (s != null) {
                    closed(s);
                }
                whenEnded.run();
            }
        }
    }

    private void closed(Subscriber subscriber) {
        if (open.remove(subscriber) && leaving) {
            closing.lock();
            try {
                allClosed.signalAll();
            } finally {
                closing.unlock();
            }
        }
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
