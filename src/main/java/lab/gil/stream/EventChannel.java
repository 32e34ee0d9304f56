package lab.gil.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A named stream of events with many subscribers, each fed at its own pace.
 *
 * <p>Publishing never blocks on a subscriber: every subscriber has its own bounded mailbox and its own sender.
 * A subscriber whose mailbox is full is behind by more than it can catch up, so it is disconnected; its browser
 * reconnects and the channel replays what it missed from a bounded history. Healthy subscribers therefore lose
 * nothing, and a stalled one slows nobody.
 *
 * <p>A channel either sends its events' ids to the browser ({@link Ids#SENT}: a run's events, which a page resumes
 * after the last id it saw, on any server of a cluster) or not ({@link Ids#NOT_SENT}: per-core samples, a class's
 * snapshots, whole states or samples that need no resuming). A page's one stream carries several channels, and
 * the browser's last event id must stay the one of the channel that is resumed by id.
 */
public final class EventChannel {

    /** Whether a channel's events carry their id to the browser ({@code id:} lines). */
    public enum Ids { SENT, NOT_SENT }

    private final String name;
    private final int historyCapacity;
    private final int mailboxCapacity;
    private final SubscriberCount subscriberCount;
    private final Ids ids;

    /** Guards {@link #nextId}, {@link #history} and {@link #closed}, so that ids, history and replay agree. */
    private final ReentrantLock lock = new ReentrantLock();
    /** The id the next published event gets. */
    private long nextId = 1;
    /** The most recent events, oldest first, at most {@link #historyCapacity}. */
    private final ArrayDeque<StreamEvent> history = new ArrayDeque<>();
    /** Once set, no more events are published and new subscribers get the history only. */
    private boolean closed;

    /** Subscribers in order of arrival, each with the events it wants; iterated by publishers without the lock. */
    private final List<Follower> subscribers = new CopyOnWriteArrayList<>();

    /** A subscriber and the events of this channel it wants. */
    private record Follower(Subscriber subscriber, Predicate<StreamEvent> wanted) {}

    /** A channel whose events carry their ids to the browser. */
    public EventChannel(String name, int historyCapacity, int mailboxCapacity, SubscriberCount subscriberCount) {
        this(name, historyCapacity, mailboxCapacity, subscriberCount, Ids.SENT);
    }

    /**
     * @param mailboxCapacity how far behind a subscriber that follows this channel alone may fall before it is
     *                        disconnected (a page's stream has a mailbox of its own)
     */
    public EventChannel(String name, int historyCapacity, int mailboxCapacity, SubscriberCount subscriberCount,
                        Ids ids) {
        this.name = name;
        this.historyCapacity = historyCapacity;
        this.mailboxCapacity = mailboxCapacity;
        this.subscriberCount = subscriberCount;
        this.ids = ids;
    }

    public String name() {
        return name;
    }

    /** Sends an event to every subscriber and keeps it in the history; does nothing once the channel is closed. */
    public void publish(String eventName, Object data) {
        StreamEvent event;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            event = new StreamEvent(nextId++, eventName, data, ids == Ids.SENT);
            if (historyCapacity > 0) {
                if (history.size() == historyCapacity) {
                    history.removeFirst();
                }
                history.addLast(event);
            }
        } finally {
            lock.unlock();
        }
        for (Follower f : subscribers) {
            Subscriber s = f.subscriber();
            if (f.wanted().test(event) && !s.offer(event)) {
                s.disconnect("fell behind by " + s.mailboxCapacity() + " events");
            }
        }
    }

    /**
     * A subscriber of this channel alone, started: it first receives the kept events after {@code lastEventId}
     * (0 for all of them), then everything published later, and is completed once the channel is closed.
     */
    public Subscriber subscribe(EventSink sink, long lastEventId) {
        Subscriber subscriber = new Subscriber(sink, mailboxCapacity);
        subscribe(subscriber, e -> e.id() > lastEventId, e -> true);
        subscriber.start(name);
        return subscriber;
    }

    /**
     * Adds {@code subscriber}, not started yet: of the events it {@code wants}, it gets the kept ones that
     * {@code missed} accepts first, then those published later. A closed channel gives it the kept events only.
     */
    public void subscribe(Subscriber subscriber, Predicate<StreamEvent> missed, Predicate<StreamEvent> wanted) {
        lock.lock();
        try {
            // Under the lock, so that the replay ends exactly where the live events in the mailbox begin.
            List<StreamEvent> replay = new ArrayList<>();
            for (StreamEvent e : history) {
                if (wanted.test(e) && missed.test(e)) {
                    replay.add(e);
                }
            }
            subscriber.joined(this, replay, !closed);
            if (!closed) {
                subscribers.add(new Follower(subscriber, wanted));
                subscriberCount.increment();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream: every subscriber receives what it has pending and lets go of the channel. */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        for (Follower f : subscribers) {
            remove(f.subscriber());
            f.subscriber().channelClosed();
        }
    }

    /**
     * Drops the kept events of a closed channel, to free memory; a browser that reconnects later gets nothing more.
     * Does nothing while the channel is open.
     */
    public void forgetHistory() {
        lock.lock();
        try {
            if (closed) {
                history.clear();
            }
        } finally {
            lock.unlock();
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** Stops sending to {@code subscriber}; harmless when it is not subscribed (any more). */
    void remove(Subscriber subscriber) {
        if (subscribers.removeIf(f -> f.subscriber() == subscriber)) {
            subscriberCount.decrement();
        }
    }

    /** Counts live subscribers across channels, for the metrics; implementations must be thread-safe. */
    public interface SubscriberCount {
        void increment();

        void decrement();

        SubscriberCount NONE = new SubscriberCount() {
            public void increment() {}

            public void decrement() {}
        };
    }
}
