package lab.gil.stream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One receiver of events from one or more {@link EventChannel}s (a page's one stream carries the cores, its class
 * and its run): a bounded mailbox drained by a virtual thread of its own, so that a slow receiver blocks only that
 * thread. Events that wait together are written together (up to {@link #MAX_BATCH} with one flush), so a receiver
 * that falls a little behind catches up at less cost.
 *
 * <p>Invariant: each channel's events reach the receiver in the order they were published, the kept ones it missed
 * first. The receiver is completed once every channel it follows has closed, or told that the server is leaving.
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
    private final int mailboxCapacity;
    /** Events waiting to be sent, in order; never blocks a publisher. */
    private final BlockingQueue<StreamEvent> mailbox;
    /** Run once the stream has ended, whichever way: after the subscriber has left its channels. */
    private final List<Runnable> onEnd = new CopyOnWriteArrayList<>();
    /** Set once, by whichever of completion or disconnection comes first. */
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The sender thread, set once by {@link #start}. */
    private volatile Thread sender;
    /** The channels joined, to leave them all at the end; guarded by this. */
    private final List<EventChannel> channels = new ArrayList<>();
    /** Joined channels not closed yet; guarded by this. */
    private int openChannels;
    /** Set by {@link #start}; guarded by this. */
    private boolean started;
    /** After this many nanoseconds without an event the receiver gets a comment; 0 for never. Set before start. */
    private long keepAliveNanos;
    /**
     * Kept events the receiver missed, sent before the mailbox. Kept apart from the mailbox so that a replay never
     * fills it: a new receiver with a long history to catch up on is not "behind" on live events. Filled by the
     * channels joined before start, then read by the sender alone.
     */
    private List<StreamEvent> replay = new ArrayList<>();

    Subscriber(EventSink sink, int mailboxCapacity) {
        this.sink = sink;
        this.mailboxCapacity = mailboxCapacity;
        // One slot more than asked for, so that an end marker always fits.
        this.mailbox = new ArrayBlockingQueue<>(mailboxCapacity + 1);
    }

    int mailboxCapacity() {
        return mailboxCapacity;
    }

    boolean offer(StreamEvent event) {
        return mailbox.remainingCapacity() > 1 && mailbox.offer(event);
    }

    /** Called by {@code channel} under its lock when this subscriber joins it, before {@link #start}. */
    synchronized void joined(EventChannel channel, List<StreamEvent> missed, boolean open) {
        channels.add(channel);
        replay.addAll(missed);
        if (open) {
            openChannels++;
        }
    }

    /** One of the channels has closed: once all have, the receiver is completed after what it has pending. */
    synchronized void channelClosed() {
        openChannels--;
        if (openChannels == 0 && started) {
            mailbox.offer(END);
        }
    }

    /** Call before {@link #start}: what to do once the stream has ended. */
    void onEnd(Runnable action) {
        onEnd.add(action);
    }

    /** Call before {@link #start}: write a comment after this many nanoseconds without an event. */
    void keepAliveEvery(long nanos) {
        keepAliveNanos = nanos;
    }

    /**
     * Sends what is pending, then tells the receiver that this server is going away and ends the stream. Does
     * nothing more when the stream is ending already; a receiver too far behind to take one more is disconnected.
     */
    public void leave() {
        if (!mailbox.offer(LEAVE)) {
            disconnect("server leaving");
        }
    }

    synchronized void start(String name) {
        started = true;
        if (openChannels == 0) {
            mailbox.offer(END);
        }
        sender = Thread.ofVirtual().name("sse-" + name).start(this::sendLoop);
    }

    /** Stops sending at once; the receiver gets no more events. Safe to call from any thread, more than once. */
    public void disconnect(String reason) {
        if (end()) {
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

    /** Leaves every channel and runs the end actions, once; false when the stream had ended already. */
    private boolean end() {
        if (!ended.compareAndSet(false, true)) {
            return false;
        }
        List<EventChannel> joined;
        synchronized (this) {
            joined = List.copyOf(channels);
        }
        joined.forEach(c -> c.remove(this));
        onEnd.forEach(Runnable::run);
        return true;
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
            List<StreamEvent> missed = replay;
            replay = List.of();
            for (int from = 0; from < missed.size(); from += MAX_BATCH) {
                sink.sendAll(missed.subList(from, Math.min(missed.size(), from + MAX_BATCH)));
            }
            List<StreamEvent> batch = new ArrayList<>(MAX_BATCH);
            while (true) {
                StreamEvent first = keepAliveNanos > 0
                        ? mailbox.poll(keepAliveNanos, TimeUnit.NANOSECONDS) : mailbox.take();
                if (first == null) {
                    sink.keepAlive();
                    continue;
                }
                batch.clear();
                batch.add(first);
                mailbox.drainTo(batch, MAX_BATCH - 1);
                int end = endMarker(batch);
                List<StreamEvent> toSend = end < 0 ? batch : batch.subList(0, end);
                if (!toSend.isEmpty()) {
                    sink.sendAll(toSend);
                }
                if (end >= 0) {
                    if (end()) {
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
