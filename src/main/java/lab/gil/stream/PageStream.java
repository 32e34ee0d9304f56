package lab.gil.stream;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;

/**
 * A page's one event stream while the features build it (see {@link PageStreamPart}): what the page asked for,
 * where it resumes, and the channels it gets.
 *
 * <p>Only one kind of channel is resumed by id: a run's events, whose ids are the same on every server of a
 * cluster, carry the SSE id, and {@link #lastEventId()} is the last one the page saw. Every other channel's
 * events are samples or whole states that carry no id; a page that comes back gets their kept events again.
 */
public final class PageStream {

    private final HttpServletRequest request;
    private final long lastEventId;
    private final Subscriber subscriber;
    /** Channels joined so far. */
    private int channels;
    /** Why the first part that could not give what was asked for could not, or null. */
    private Unavailable unavailable;

    PageStream(HttpServletRequest request, long lastEventId, Subscriber subscriber) {
        this.request = request;
        this.lastEventId = lastEventId;
        this.subscriber = subscriber;
    }

    /** The request that opened the stream: its cookies, session and roles say who the page is. */
    public HttpServletRequest request() {
        return request;
    }

    /** A query parameter of the page's stream, if sent; a bare {@code ?cores} gives an empty string. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(request.getParameter(name)).map(String::strip);
    }

    /** The last run event the page saw ({@code Last-Event-ID}, else {@code ?lastEventId=}); 0 when none. */
    public long lastEventId() {
        return lastEventId;
    }

    /** Adds a channel whose kept events the page gets if {@code missed} accepts them, then every later one. */
    public void follow(EventChannel channel, Predicate<StreamEvent> missed) {
        follow(channel, missed, e -> true);
    }

    /** Adds a channel's events that the page {@code wants}: the kept ones {@code missed} accepts, then later ones. */
    public void follow(EventChannel channel, Predicate<StreamEvent> missed, Predicate<StreamEvent> wanted) {
        channel.subscribe(subscriber, missed, wanted);
        channels++;
    }

    /** Adds the events a page {@code wants} of a channel that sends ids, resumed after the page's last event id. */
    public void followAfterLastEventId(EventChannel channel, Predicate<StreamEvent> wanted) {
        follow(channel, e -> e.id() > lastEventId, wanted);
    }

    /** What to do once the page's stream has ended, however it ended (the page went away, the server left). */
    public void onEnd(Runnable action) {
        subscriber.onEnd(action);
    }

    /**
     * Asks for a comment after {@code period} without an event, so that a page that went away is found out within
     * about that long even on a quiet stream; the shortest period asked for wins.
     */
    public void keepAlive(Duration period) {
        subscriber.keepAliveEvery(period.toNanos());
    }

    /**
     * Says that a part cannot give what the page asked for; the stream goes on with the other parts, and is
     * answered with this status when no part could give anything.
     */
    public void unavailable(HttpStatus status, String why) {
        if (unavailable == null) {
            unavailable = new Unavailable(status, why);
        }
    }

    int channels() {
        return channels;
    }

    Optional<Unavailable> whyUnavailable() {
        return Optional.ofNullable(unavailable);
    }

    record Unavailable(HttpStatus status, String why) {}
}
