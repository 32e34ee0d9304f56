package lab.gil.watch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many cheap server-sent-event readers on loopback, all served by one selector thread: what hundreds of browsers
 * showing a stream ask of the server, at a small cost to the machine that runs them (no browser, no thread per
 * viewer, no HTTP client stack). Each viewer sends an HTTP/1.0 GET, so that the response comes unchunked and ends
 * when the connection closes, then parses the stream's lines into events.
 *
 * <p>Events are handed to a {@link Listener} on the selector thread, in order per viewer; a viewer counts what it
 * received and the ids it missed (gaps in a channel's consecutive ids). Like a browser's EventSource, a viewer
 * whose stream the server ends (a viewer that fell behind is cut off) connects again after {@link #RECONNECT_DELAY}
 * with the last id it saw in {@code Last-Event-ID}, and counts the reconnection; like the page, a viewer whose
 * stream ended after a {@code leaving} event (the server is stopping) connects again at once, and records how long
 * it was without a stream (from the end of the old one to the first event of the new one).
 */
public final class SseViewers implements AutoCloseable {

    /** How long a viewer whose stream ended waits before it connects again, as EventSource's default retry. */
    static final long RECONNECT_DELAY_NANOS = 3_000_000_000L;
    private static final String RECONNECT_DELAY = "3 s";

    /** Told of every event a viewer receives, on the selector thread; must be quick. */
    public interface Listener {
        void onEvent(Viewer viewer, long id, String name, String data, long arrivalNanos);
    }

    /** One connection reading one stream. */
    public static final class Viewer {
        public final int index;
        final String path;
        final String extraHeaders;
        /** HTTP status of the response, 0 until its status line arrived. */
        public volatile int status;
        /** Whether this viewer is closed for good (by {@link #close(Viewer)}, or a refused connection). */
        volatile boolean ended;
        /** Times the server ended the stream and the viewer connected again. */
        final AtomicLong reconnects = new AtomicLong();
        /** When to connect again ({@link System#nanoTime()}), 0 while connected; selector thread only. */
        private long reconnectAt;
        /** Set when the viewer is closed on purpose; selector thread only. */
        private boolean closing;
        /** Events received. */
        public final AtomicLong events = new AtomicLong();
        /** Streams this viewer was told the server was leaving, by a {@code leaving} event. */
        public final AtomicLong toldLeaving = new AtomicLong();
        /**
         * Each time the viewer was without a stream after a {@code leaving} event, in nanoseconds from the end of the
         * old stream to the first event of the new one.
         */
        public final java.util.List<Long> backAfterLeaving = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** Set by a {@code leaving} event until the stream ends; selector thread only. */
        private boolean leaving;
        /** When the stream ended after a {@code leaving} event ({@link System#nanoTime()}), 0 otherwise; selector thread only. */
        private long leftAt;
        /** Ids skipped between consecutive events. */
        final AtomicLong missed = new AtomicLong();
        private long lastId = -1;
        private SocketChannel channel;
        private boolean headersDone;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        private long id = -1;
        private String name;
        private final StringBuilder data = new StringBuilder();
        private ByteBuffer request;

        Viewer(int index, String path, String extraHeaders) {
            this.index = index;
            this.path = path;
            this.extraHeaders = extraHeaders;
        }
    }

    private final InetSocketAddress server;
    private final Listener listener;
    private final Selector selector;
    private final Thread loop;
    /** Viewers to register, handed from the caller to the selector thread. */
    private final Queue<Viewer> toOpen = new ConcurrentLinkedQueue<>();
    /** Viewers to close, handed from the caller to the selector thread. */
    private final Queue<Viewer> toClose = new ConcurrentLinkedQueue<>();
    /** Viewers waiting to connect again; selector thread only. */
    private final java.util.Set<Viewer> reconnecting = new java.util.LinkedHashSet<>();
    /** Every viewer opened, in order. */
    private final List<Viewer> viewers = new ArrayList<>();
    /** Events received by all viewers. */
    final AtomicLong totalEvents = new AtomicLong();

    public SseViewers(int port, Listener listener) throws IOException {
        this.server = new InetSocketAddress("127.0.0.1", port);
        this.listener = listener;
        this.selector = Selector.open();
        this.loop = Thread.ofPlatform().daemon().name("sse-viewers").start(this::run);
    }

    /** Opens a viewer of {@code path}, with extra request header lines ("Name: value\r\n"), or "". */
    public synchronized Viewer open(String path, String extraHeaders) {
        Viewer v = new Viewer(viewers.size(), path, extraHeaders);
        viewers.add(v);
        toOpen.add(v);
        selector.wakeup();
        return v;
    }

    /** Closes a viewer's connection, as a browser closing its page. */
    void close(Viewer v) {
        toClose.add(v);
        selector.wakeup();
    }

    /**
     * Waits until every one of {@code these} has its stream open and has received an event: the server subscribes a
     * viewer before it sends it anything, so each is then counted by the channel. Needs no metrics endpoint (which
     * a secured server may close).
     */
    public void awaitReceiving(List<Viewer> these, java.time.Instant deadline) throws InterruptedException {
        while (java.time.Instant.now().isBefore(deadline)) {
            if (these.stream().allMatch(v -> v.status == 200 && v.events.get() > 0)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Not every viewer is receiving; viewers: " + describe());
    }

    /** How the viewers stand, for a message when they do not all connect: answered, waiting, ended, by status. */
    public String describe() {
        java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
        for (Viewer v : viewers()) {
            String state = v.ended ? "closed" : v.status == 0 ? "no answer yet" : "open";
            counts.merge(state + (v.status == 0 ? "" : " (HTTP " + v.status + ")"), 1, Integer::sum);
        }
        long reconnects = viewers().stream().mapToLong(v -> v.reconnects.get()).sum();
        return counts + ", reconnections " + reconnects + " (after " + RECONNECT_DELAY + ")";
    }

    public synchronized List<Viewer> viewers() {
        return List.copyOf(viewers);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buffer.capacity()];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(200);
                for (Viewer v; (v = toOpen.poll()) != null; ) {
                    connect(v);
                }
                for (Viewer v; (v = toClose.poll()) != null; ) {
                    v.closing = true;
                    end(v);
                }
                long now = System.nanoTime();
                for (var it = reconnecting.iterator(); it.hasNext(); ) {
                    Viewer v = it.next();
                    if (v.closing) {
                        it.remove();
                    } else if (now - v.reconnectAt >= 0) {
                        it.remove();
                        v.reconnects.incrementAndGet();
                        connect(v);
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Viewer v = (Viewer) key.attachment();
                    try {
                        if (key.isValid() && key.isConnectable() && v.channel.finishConnect()) {
                            key.interestOps(SelectionKey.OP_WRITE);
                        }
                        if (key.isValid() && key.isWritable()) {
                            v.channel.write(v.request);
                            if (!v.request.hasRemaining()) {
                                key.interestOps(SelectionKey.OP_READ);
                            }
                        }
                        if (key.isValid() && key.isReadable()) {
                            buffer.clear();
                            int n = v.channel.read(buffer);
                            if (n < 0) {
                                lost(v);
                            } else if (n > 0) {
                                buffer.flip();
                                buffer.get(bytes, 0, n);
                                parse(v, bytes, n, System.nanoTime());
                            }
                        }
                    } catch (IOException e) {
                        lost(v);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // closed
        }
    }

    /** The server ended the stream, or the connection failed: connect again later, as EventSource does. */
    private void lost(Viewer v) {
        v.status = 0;
        try {
            if (v.channel != null) {
                v.channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
        if (!v.closing) {
            long now = System.nanoTime();
            if (v.leaving) {
                // The page reconnects at once when its server said it was leaving.
                v.leaving = false;
                v.leftAt = now;
                v.reconnectAt = now;
                selector.wakeup(); // so that the next select does not wait its 200 ms
            } else {
                v.reconnectAt = now + RECONNECT_DELAY_NANOS;
            }
            reconnecting.add(v);
        }
    }

    private void connect(Viewer v) {
        try {
            v.headersDone = false;
            v.status = 0;
            v.line.reset();
            v.id = -1;
            v.name = null;
            v.data.setLength(0);
            String resume = v.lastId >= 0 ? "Last-Event-ID: " + v.lastId + "\r\n" : "";
            v.request = ByteBuffer.wrap(("GET " + v.path + " HTTP/1.0\r\nHost: 127.0.0.1:" + server.getPort()
                    + "\r\nAccept: text/event-stream\r\n" + resume + v.extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            v.channel = SocketChannel.open();
            v.channel.configureBlocking(false);
            v.channel.connect(server);
            v.channel.register(selector, SelectionKey.OP_CONNECT, v);
        } catch (IOException e) {
            lost(v);
        }
    }

    private static void end(Viewer v) {
        v.ended = true;
        try {
            if (v.channel != null) {
                v.channel.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private void parse(Viewer v, byte[] bytes, int n, long now) {
        for (int i = 0; i < n; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                continue;
            }
            if (b != '\n') {
                v.line.write(b);
                continue;
            }
            String line = v.line.toString(StandardCharsets.UTF_8);
            v.line.reset();
            if (!v.headersDone) {
                if (v.status == 0 && line.startsWith("HTTP/")) {
                    v.status = Integer.parseInt(line.split(" ")[1]);
                } else if (line.isEmpty()) {
                    v.headersDone = true;
                }
                continue;
            }
            if (line.isEmpty()) {
                if (v.name != null || !v.data.isEmpty()) {
                    dispatch(v, now);
                }
            } else if (line.startsWith("id:")) {
                v.id = Long.parseLong(line.substring(3).trim());
            } else if (line.startsWith("event:")) {
                v.name = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                if (!v.data.isEmpty()) {
                    v.data.append('\n');
                }
                v.data.append(line, line.startsWith("data: ") ? 6 : 5, line.length());
            }
        }
    }

    private void dispatch(Viewer v, long now) {
        if (v.id >= 0) {
            if (v.lastId >= 0 && v.id > v.lastId + 1) {
                v.missed.addAndGet(v.id - v.lastId - 1);
            }
            v.lastId = v.id;
        }
        v.events.incrementAndGet();
        totalEvents.incrementAndGet();
        if ("leaving".equals(v.name)) {
            v.leaving = true;
            v.toldLeaving.incrementAndGet();
        } else if (v.leftAt != 0) {
            v.backAfterLeaving.add(now - v.leftAt);
            v.leftAt = 0;
        }
        listener.onEvent(v, v.id, v.name == null ? "message" : v.name, v.data.toString(), now);
        v.id = -1;
        v.name = null;
        v.data.setLength(0);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        loop.interrupt();
        selector.close();
        loop.join(5_000);
        for (Viewer v : viewers()) {
            end(v);
        }
    }
}
