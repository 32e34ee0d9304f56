package lab.gil.process;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framed protocol on a worker's stdin and stdout: each message is a 4-byte big-endian length, then that many
 * bytes: one type byte and the message's fields. Logs go to stderr, never into the frames.
 *
 * <p>A frame is encoded whole before it is written, as {@code pickle.dumps} builds its bytes before they are sent,
 * so a reader never sees half a message.
 */
public final class Wire {

    /** The largest frame either side accepts: a task's 100 MB of arguments plus room for the rest. */
    static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

    private static final byte SYNC = 1, RUN_TASK = 2, QUEUE_ITEM = 3, READY = 10, CLOCK = 11, STATES = 12,
            TASK_DONE = 13, FAILED = 14, QUEUE_PUT = 15, QUEUE_TAKE = 16, RESULTS = 17;

    private Wire() {}

    /**
     * A message as read, with how long its body took to arrive once its length was known, and how long turning
     * the bytes into the message took (for arguments and results: unpickling, a copy out of the frame).
     */
    public record Received(Message message, int frameBytes, long transferNanos, long decodeNanos) {}

    /**
     * Pipe reads and writes go in slices of this size: the JDK copies each read or write through a native buffer,
     * and one as large as a 100 MB frame would be mapped and unmapped on every call.
     */
    private static final int SLICE_BYTES = 64 * 1024;

    /** Writes one message and flushes it. */
    public static void write(DataOutputStream out, Message message) throws IOException {
        Frame frame = encodeFrame(message);
        out.writeInt(frame.length());
        for (int off = 0; off < frame.length(); off += SLICE_BYTES) {
            out.write(frame.bytes(), off, Math.min(SLICE_BYTES, frame.length() - off));
        }
        out.flush();
    }

    /** Reads one message; throws {@link EOFException} when the other side has closed the stream. */
    public static Received read(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 1 || length > MAX_FRAME_BYTES) {
            throw new IOException("bad frame length " + length);
        }
        long start = System.nanoTime();
        byte[] frame = new byte[length];
        for (int off = 0; off < length; off += SLICE_BYTES) {
            in.readFully(frame, off, Math.min(SLICE_BYTES, length - off));
        }
        long decoding = System.nanoTime();
        Message message = decode(frame);
        long done = System.nanoTime();
        return new Received(message, length, decoding - start, done - decoding);
    }

    /** An encoded frame: the first {@code length} bytes of {@code bytes}. */
    private record Frame(byte[] bytes, int length) {}

    /** A byte array stream whose buffer can be written out without copying it once more. */
    private static final class FrameBuffer extends ByteArrayOutputStream {
        FrameBuffer(int size) {
            super(size);
        }

        Frame frame() {
            return new Frame(buf, count);
        }
    }

    static byte[] encode(Message message) throws IOException {
        Frame frame = encodeFrame(message);
        return java.util.Arrays.copyOf(frame.bytes(), frame.length());
    }

    private static Frame encodeFrame(Message message) throws IOException {
        FrameBuffer bytes = new FrameBuffer(64 + payloadSize(message));
        DataOutputStream out = new DataOutputStream(bytes);
        // An if-chain rather than a pattern switch: a pattern switch is linked at run time by generating a class,
        // which a worker would pay for on every start (the AOT cache does not keep it).
        if (message instanceof Message.Sync) {
            out.writeByte(SYNC);
        } else if (message instanceof Message.QueuePut) {
            out.writeByte(QUEUE_PUT);
        } else if (message instanceof Message.QueueTake) {
            out.writeByte(QUEUE_TAKE);
        } else if (message instanceof Message.QueueItem i) {
            out.writeByte(QUEUE_ITEM);
            out.writeBoolean(i.taken());
        } else if (message instanceof Message.RunTask t) {
            out.writeByte(RUN_TASK);
            out.writeLong(t.runId());
            out.writeInt(t.task());
            out.writeDouble(t.nsPerIteration());
            out.writeLong(t.roundsPerIteration());
            out.writeDouble(t.nsPerRound());
            out.writeLong(t.switchIntervalNanos());
            writeString(out, t.program());
            out.writeInt(t.sharedFiles().size());
            for (String file : t.sharedFiles()) {
                writeString(out, file);
            }
            writeBlobs(out, t.arguments());
            writeString(out, t.sharedCounterFile());
        } else if (message instanceof Message.Ready r) {
            out.writeByte(READY);
            out.writeLong(r.pid());
        } else if (message instanceof Message.Clock c) {
            out.writeByte(CLOCK);
            out.writeLong(c.nanoTime());
        } else if (message instanceof Message.States s) {
            out.writeByte(STATES);
            out.writeInt(s.states().length);
            out.write(s.states());
            for (long t : s.nanoTimes()) {
                out.writeLong(t);
            }
            out.writeLong(s.cpuIterationsDone());
            out.writeLong(s.dropped());
        } else if (message instanceof Message.TaskDone d) {
            out.writeByte(TASK_DONE);
            out.writeInt(d.task());
            out.writeBoolean(d.finished());
            out.writeLong(d.threadCpuNanos());
            out.writeLong(d.voluntarySwitches());
            out.writeLong(d.involuntarySwitches());
            out.writeLong(d.counter());
            out.writeLong(d.unpickleNanos());
            out.writeLong(d.pickleNanos());
        } else if (message instanceof Message.Results r) {
            out.writeByte(RESULTS);
            out.writeInt(r.task());
            writeBlobs(out, r.results());
        } else if (message instanceof Message.Failed f) {
            out.writeByte(FAILED);
            out.writeInt(f.task());
            writeString(out, f.message());
        } else {
            throw new IOException("no frame for " + message.getClass().getSimpleName());
        }
        out.flush();
        return bytes.frame();
    }

    static Message decode(byte[] frame) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(frame));
        byte type = in.readByte();
        return switch (type) {
            case SYNC -> new Message.Sync();
            case QUEUE_PUT -> new Message.QueuePut();
            case QUEUE_TAKE -> new Message.QueueTake();
            case QUEUE_ITEM -> new Message.QueueItem(in.readBoolean());
            case RUN_TASK -> {
                long runId = in.readLong();
                int task = in.readInt();
                double nsPerIteration = in.readDouble();
                long rounds = in.readLong();
                double nsPerRound = in.readDouble();
                long interval = in.readLong();
                String program = readString(in);
                int files = in.readInt();
                List<String> shared = new ArrayList<>();
                for (int i = 0; i < files; i++) {
                    shared.add(readString(in));
                }
                List<byte[]> arguments = readBlobs(in);
                yield new Message.RunTask(runId, task, nsPerIteration, rounds, nsPerRound, interval, program, shared,
                        arguments, readString(in));
            }
            case READY -> new Message.Ready(in.readLong());
            case CLOCK -> new Message.Clock(in.readLong());
            case STATES -> {
                int n = in.readInt();
                byte[] states = new byte[n];
                in.readFully(states);
                long[] times = new long[n];
                for (int i = 0; i < n; i++) {
                    times[i] = in.readLong();
                }
                yield new Message.States(states, times, in.readLong(), in.readLong());
            }
            case TASK_DONE -> new Message.TaskDone(in.readInt(), in.readBoolean(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong(), in.readLong(), in.readLong());
            case RESULTS -> new Message.Results(in.readInt(), readBlobs(in));
            case FAILED -> new Message.Failed(in.readInt(), readString(in));
            default -> throw new IOException("unknown message type " + type);
        };
    }

    private static int payloadSize(Message message) {
        List<byte[]> blobs = message instanceof Message.RunTask t ? t.arguments()
                : message instanceof Message.Results r ? r.results() : List.of();
        long size = 0;
        for (byte[] b : blobs) {
            size += b.length + 4;
        }
        return (int) Math.min(size, MAX_FRAME_BYTES);
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeBlobs(DataOutputStream out, List<byte[]> blobs) throws IOException {
        out.writeInt(blobs.size());
        for (byte[] b : blobs) {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    private static List<byte[]> readBlobs(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<byte[]> blobs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            blobs.add(b);
        }
        return blobs;
    }
}
