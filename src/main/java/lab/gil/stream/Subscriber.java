package lab.gil.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver of an {@link EventChannel}: a bounded mailbox drained by a virtual thread of its own, so that a
 * slow receiver blocks only that thread. Events that wait together are written together (up to {@link #MAX_BATCH}
 * with one flush), so a receiver that falls a little behind catches up at less cost.
 */
public final class Subscriber {

    private static final Logger log = LoggerFactory.getLogger(Subscriber.class);
    /** Put in the mailbox to tell the sender to complete the stream once it has sent what is before it. */
    private static final StreamEvent END = new StreamEvent(-1, "", "");
    /** Like {@link #END}, but the receiver is first told that the server is going away ({@link EventSink#leave}). */
    private static final StreamEvent LEAVE = new StreamEvent(-2, "", "");
    /** Sender threads alive in this JVM; virtual threads are not listed by the JVM's thread views, so they are counted. */
    private static final AtomicInteger LIVE_SENDERS = new AtomicInteger();
    /** The most events written together when several are waiting: catching up costs one flush per batch. */
    private static final int MAX_BATCH = 64;

    private final EventSink sink;
    /** Events waiting to be sent, in order; never blocks a publisher. */
    private final BlockingQueue<StreamEvent> mailbox;
    private final Consumer<Subscriber> onEnd;
    /** Set once, by whichever of completion or disconnection comes first. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The sender thread, set once by {@link #start}. */
    private volatile Thread sender;
    /**
     * Kept events the receiver missed, sent before the mailbox. Kept apart from the mailbox so that a replay never
     * fills it: a new receiver with a long history to catch up on is not "behind" on live events. Set before start.
     */
    private List<StreamEvent> replay = List.of();

    Subscriber(EventSink sink, int mailboxCapacity, Consumer<Subscriber> onEnd) {
        this.sink = sink;
        // One slot more than asked for, so that an end marker always fits.
        this.mailbox = new ArrayBlockingQueue<>(mailboxCapacity + 1);
        this.onEnd = onEnd;
    }

    boolean offer(StreamEvent event) {
        return mailbox.remainingCapacity() > 1 && mailbox.offer(event);
    }

    /** Call before {@link #start}: the events to send first, in order. */
    void replayFirst(List<StreamEvent> missed) {
        replay = List.copyOf(missed);
    }

    void completeAfterMailbox() {
        mailbox.offer(END);
    }

    /**
     * Sends what is pending, then tells the receiver that this server is going away and ends the stream. Does
     * nothing more when the stream is ending already.
     */
    public void leave() {
        mailbox.offer(LEAVE);
    }

    void start(String channelName) {
        sender = Thread.ofVirtual().name("sse-" + channelName).start(this::sendLoop);
    }

    /** Stops sending at once; the receiver gets no more events. Safe to call from any thread, more than once. */
    public void disconnect(String reason) {
        if (ended.compareAndSet(false, true)) {
            onEnd.accept(this);
            sink.fail(reason);
            Thread t = sender;
            if (t != null) {
                t.interrupt();
            }
        }
    }

    /** How many subscribers' sender threads are running now, across all channels: 0 when nobody is connected. */
    public static int liveSenders() {
        return LIVE_SENDERS.get();
    }

    /** The index of the first end marker in {@code batch}, or -1. */
    private static int endMarker(List<StreamEvent> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) == END || batch.get(i) == LEAVE) {
                return i;
            }
        }
        return -1;
    }

    private void sendLoop() {
        LIVE_SENDERS.incrementAndGet();
        try {
            for (int from = 0; from < replay.size(); from += MAX_BATCH) {
                sink.sendAll(replay.subList(from, Math.min(replay.size(), from + MAX_BATCH)));
            }
            replay = List.of();
            List<StreamEvent> batch = new ArrayList<>(MAX_BATCH);
            while (true) {
                batch.clear();
                batch.add(mailbox.take());
                mailbox.drainTo(batch, MAX_BATCH - 1);
                int end = endMarker(batch);
                List<StreamEvent> toSend = end < 0 ? batch : batch.subList(0, end);
                if (!toSend.isEmpty()) {
                    sink.sendAll(toSend);
                }
                if (end >= 0) {
                    if (ended.compareAndSet(false, true)) {
                        onEnd.accept(this);
                        if (batch.get(end) == LEAVE) {
                            sink.leave();
                        } else {
                            sink.complete();
                        }
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.debug("SSE receiver gone: {}", e.toString());
            disconnect("receiver gone");
        } finally {
            LIVE_SENDERS.decrementAndGet();
        }
    }
}
