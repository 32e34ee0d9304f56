package lab.gil.stream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A named stream of events with many subscribers, each fed at its own pace.
 *
 * <p>Publishing never blocks on a subscriber: every subscriber has its own bounded mailbox and its own sender.
 * A subscriber whose mailbox is full is behind by more than it can catch up, so it is disconnected; its browser
 * reconnects with the last id it saw and the channel replays what it missed from a bounded history. Healthy
 * subscribers therefore lose nothing, and a stalled one slows nobody.
 */
public final class EventChannel {

    private final String name;
    private final int historyCapacity;
    private final int mailboxCapacity;
    private final SubscriberCount subscriberCount;

    /** Guards {@link #nextId}, {@link #history} and {@link #closed}, so that ids, history and replay agree. */
    private final ReentrantLock lock = new ReentrantLock();
    /** The id the next published event gets. */
    private long nextId = 1;
    /** The most recent events, oldest first, at most {@link #historyCapacity}. */
    private final ArrayDeque<StreamEvent> history = new ArrayDeque<>();
    /** Once set, no more events are published and new subscribers get the history and are completed. */
    private boolean closed;

    /** Subscribers in order of arrival; iterated by publishers without the lock. */
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    public EventChannel(String name, int historyCapacity, int mailboxCapacity, SubscriberCount subscriberCount) {
        this.name = name;
        this.historyCapacity = historyCapacity;
        this.mailboxCapacity = mailboxCapacity;
        this.subscriberCount = subscriberCount;
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
            event = new StreamEvent(nextId++, eventName, data);
            if (historyCapacity > 0) {
                if (history.size() == historyCapacity) {
                    history.removeFirst();
                }
                history.addLast(event);
            }
        } finally {
            lock.unlock();
        }
        for (Subscriber s : subscribers) {
            if (!s.offer(event)) {
                s.disconnect("fell behind by " + mailboxCapacity + " events");
            }
        }
    }

    /**
     * Adds a subscriber that first receives the kept events after {@code lastEventId} (0 for all of them), then
     * everything published later; when the channel is closed it is completed after the history.
     */
    public Subscriber subscribe(EventSink sink, long lastEventId) {
        Subscriber subscriber = new Subscriber(sink, mailboxCapacity, this::remove);
        lock.lock();
        try {
            // Under the lock, so that the replay ends exactly where the live events in the mailbox begin.
            List<StreamEvent> missed = new ArrayList<>();
            for (StreamEvent e : history) {
                if (e.id() > lastEventId) {
                    missed.add(e);
                }
            }
            subscriber.replayFirst(missed);
            if (closed) {
                subscriber.completeAfterMailbox();
            } else {
                subscribers.add(subscriber);
                subscriberCount.increment();
            }
        } finally {
            lock.unlock();
        }
        subscriber.start(name);
        return subscriber;
    }

    /** Ends the stream: every subscriber receives what it has pending and is then completed. */
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
        for (Subscriber s : subscribers) {
            s.completeAfterMailbox();
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

    private void remove(Subscriber subscriber) {
        if (subscribers.remove(subscriber)) {
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
