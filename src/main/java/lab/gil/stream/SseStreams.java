package lab.gil.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Connects pages to their one event stream, made of the channels the features add ({@link PageStreamPart}),
 * counts streams for the metrics ({@code gillab.sse.subscribers}: {@code stream=page} for the pages' streams, and
 * one count per kind of channel, tagged by its name), and tells them all when the server is about to stop
 * ({@link #leaveAll}).
 */
@Component
public class SseStreams {

    /** Why a stream asked for while the server stops is refused; a load balancer retries it on another server. */
    static final String LEAVING_REASON = "This server is stopping: reconnect, and another server (or this one, "
            + "restarted) takes the stream.";
    static final String NOTHING_ASKED = "Say what the page follows: /events?cores, &class=CODE, &console=CODE, &run=ID.";

    /** A browser's EventSource reconnects by itself when a response ends, so no stream needs to live forever. */
    private static final Duration EMITTER_TIMEOUT = Duration.ofMinutes(30);
    /**
     * Events a page may lag behind before it is disconnected and must resume: a run's lanes at their fastest
     * (the run's own channel allows as much) with the cores beside them.
     */
    static final int PAGE_MAILBOX = 1_024;

    private final MeterRegistry registry;
    /** Encodes event payloads as the rest of the app's JSON is encoded. */
    private final JsonMapper json;
    /** One live count per kind of stream, created on first use; a gauge binds to the first object it is given. */
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** The pages' streams now open. */
    private final EventChannel.SubscriberCount pages;
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
        this.pages = countFor("page");
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
     * Opens a page's stream: every part adds what the page asked for, and the page gets it all on one response,
     * the runs' events resumed after {@code lastEventId}.
     *
     * @throws ResponseStatusException 503 once the server is leaving; the status a part gave when no part could
     *                                 give anything (403 for a class this browser is not in); 400 when the page
     *                                 asked for nothing
     */
    SseEmitter connect(HttpServletRequest request, long lastEventId, List<PageStreamPart> parts) {
        if (leaving) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, LEAVING_REASON);
        }
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT.toMillis());
        Subscriber subscriber = new Subscriber(new SseEventSink(emitter, json::writeValueAsString), PAGE_MAILBOX);
        PageStream page = new PageStream(request, lastEventId, subscriber);
        try {
            parts.forEach(part -> part.join(page));
        } catch (RuntimeException e) {
            subscriber.disconnect("refused");
            throw e;
        }
        if (page.channels() == 0) {
            subscriber.disconnect("nothing to send");
            throw page.whyUnavailable()
                    .map(u -> new ResponseStatusException(u.status(), u.why()))
                    .orElseGet(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, NOTHING_ASKED));
        }
        pages.increment();
        subscriber.onEnd(pages::decrement);
        open.add(subscriber);
        // The subscriber's end is told reliably, where Spring may skip the emitter's callbacks (a write that failed
        // on a connection the browser had just closed): a stopping server must not wait for such a stream.
        subscriber.onEnd(() -> closed(subscriber));
        emitter.onCompletion(() -> {
            subscriber.disconnect("completed");
            closed(subscriber);
        });
        emitter.onTimeout(() -> subscriber.disconnect("timed out"));
        emitter.onError(e -> subscriber.disconnect("error"));
        subscriber.start("page");
        if (leaving) {
            // leaveAll ran while this stream was being connected, and may not have seen it.
            subscriber.leave();
        }
        return emitter;
    }

    /**
     * Tells every open stream that the server is going away (the {@code leaving} event, after what each has
     * pending), completes them, and refuses new ones from now on; waits until their responses have completed or
     * {@code timeout} has passed, and returns how many were still open then (a browser that stopped reading, whose
     * connection the web server's own stop closes).
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

    /** How many streams are open now. */
    public int openStreams() {
        return open.size();
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
