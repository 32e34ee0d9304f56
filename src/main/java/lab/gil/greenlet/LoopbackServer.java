package lab.gil.greenlet;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A slow server on a loopback socket, standing for the network a greenlet's {@code io} step waits on: it reads
 * requests of {@link #REQUEST_BYTES} bytes (a greenlet's number and the instant it wants its answer) and writes the
 * greenlet's number back at that instant.
 *
 * <p>It runs on two platform threads of its own, outside the hub (the far side of a network is not part of the
 * Python program): one reads requests, one answers those that are due, all due answers in one write. The hub's end
 * of the connection is non-blocking, for the hub's selector. Answers are due at an instant rather than after a
 * delay, so that a request that waited in a socket buffer is not answered late.
 */
final class LoopbackServer implements AutoCloseable {

    /** A greenlet's number (int) and the {@link System#nanoTime()} its answer is due (long). */
    static final int REQUEST_BYTES = 12;
    /** The greenlet's number. */
    static final int ANSWER_BYTES = 4;

    /** The hub's end: non-blocking, for the hub's selector. */
    private final SocketChannel hubEnd;
    /** The server's end: blocking, read by the reader thread and written by the answering thread. */
    private final SocketChannel serverEnd;
    /** Requests not yet answered, by due instant. */
    private final DelayQueue<Due> due = new DelayQueue<>();
    private final Thread reader;
    private final Thread answerer;

    private LoopbackServer(SocketChannel hubEnd, SocketChannel serverEnd) {
        this.hubEnd = hubEnd;
        this.serverEnd = serverEnd;
        this.reader = Thread.ofPlatform().daemon().name("greenlet-net-reader").unstarted(this::readRequests);
        this.answerer = Thread.ofPlatform().daemon().name("greenlet-net-answerer").unstarted(this::answer);
    }

    /** Opens a connection on 127.0.0.1 and starts the server's threads. */
    static LoopbackServer open() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel hubEnd = SocketChannel.open(listener.getLocalAddress());
            SocketChannel serverEnd = listener.accept();
            hubEnd.setOption(StandardSocketOptions.TCP_NODELAY, true);
            serverEnd.setOption(StandardSocketOptions.TCP_NODELAY, true);
            hubEnd.configureBlocking(false);
            LoopbackServer server = new LoopbackServer(hubEnd, serverEnd);
            server.reader.start();
            server.answerer.start();
            return server;
        }
    }

    /** The hub's end of the connection, non-blocking. */
    SocketChannel hubEnd() {
        return hubEnd;
    }

    private void readRequests() {
        ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        try {
            while (serverEnd.read(in) >= 0) {
                in.flip();
                while (in.remaining() >= REQUEST_BYTES) {
                    due.put(new Due(in.getInt(), in.getLong()));
                }
                in.compact();
            }
        } catch (IOException e) {
            // closed: the run is over
        }
    }

    private void answer() {
        List<Due> batch = new ArrayList<>();
        ByteBuffer out = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                batch.add(due.take());
                due.drainTo(batch); // only those due by now
                for (Due d : batch) {
                    if (out.remaining() < ANSWER_BYTES) {
                        flush(out);
                    }
                    out.putInt(d.greenlet);
                }
                flush(out);
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closed: the run is over
        }
    }

    private void flush(ByteBuffer out) throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            serverEnd.write(out);
        }
        out.clear();
    }

    @Override
    public void close() {
        answerer.interrupt();
        try {
            serverEnd.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            hubEnd.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** An answer due at an instant. */
    private record Due(int greenlet, long dueNanos) implements Delayed {
        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Due) other).dueNanos);
        }
    }
}
