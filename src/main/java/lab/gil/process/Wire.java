package lab.gil.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The framed protocol on a worker's stdin and stdout. Each message is a 4-byte big-endian length, then that many
 * bytes: a 4-byte header length, the header (one type byte, the message's fields, and the count and lengths of its
 * payloads), then the payloads' bytes. Logs go to stderr, never into the frames.
 *
 * <p>Payloads (the bytes of {@code send} arguments and {@code recv} results) go from the sender's object through the
 * pipe straight into the receiver's object: the sender never assembles a frame around them, and the receiver never
 * reads them into a frame first. A 100 MB argument thus costs one 100 MB object in the receiver, as an unpickled
 * object does, and no other big buffer on either side; a receiver that keeps no payload gives its arrays back
 * ({@link #giveBack}) for the next ones. Fresh memory is what copying big data costs most on a virtual machine
 * whose every first touch of a page is a fault served by the host (see the copying-vs-sharing lesson).
 *
 * <p>Invariant: a frame is written whole by one writer at a time (callers hold their own send lock), so a reader
 * never sees two messages interleaved; its length is checked before anything is allocated for it.
 */
public final class Wire {

    /** The largest frame either side accepts: a task's 100 MB of arguments plus room for the rest. */
    static final int MAX_FRAME_BYTES = 256 * 1024 * 1024;

    /**
     * Payloads go through the pipe in slices of this size: the JDK copies each read or write through a native
     * buffer of the call's size, which for a whole 100 MB payload would be fresh memory on every call. It is also
     * what a Linux pipe holds by default.
     */
    static final int SLICE_BYTES = 64 * 1024;

    /**
     * Arrays payloads are read into or sent from, given back by their users once done with: up to one task's most
     * (100 MB) for each of three at once, such as a run's argument and two workers' results on a 2-core machine.
     */
    private static final PayloadArrays ARRAYS = new PayloadArrays(3 * 100L * 1024 * 1024);

    private static final byte SYNC = 1, RUN_TASK = 2, QUEUE_ITEM = 3, READY = 10, CLOCK = 11, STATES = 12,
            TASK_DONE = 13, FAILED = 14, QUEUE_PUT = 15, QUEUE_TAKE = 16, RESULTS = 17;

    private Wire() {}

    /**
     * A message as read, with its frame's size and how long reading it took: from the moment its first bytes
     * were there (its length was read) until the message was whole. For a frame with payloads this is the time
     * to receive and unpickle them; the sender streams them as it goes, so it is the copy's time end to end but
     * for the sender's header of a few bytes.
     */
    public record Received(Message message, int frameBytes, long readNanos) {}

    /** Writes one message and flushes it. */
    public static void write(DataOutputStream out, Message message) throws IOException {
        byte[] header = header(message);
        List<byte[]> payloads = payloads(message);
        long length = Integer.BYTES + header.length;
        for (byte[] p : payloads) {
            length += p.length;
        }
        if (length > MAX_FRAME_BYTES) {
            throw new IOException("a frame of " + length + " bytes is more than the " + MAX_FRAME_BYTES + " allowed");
        }
        out.writeInt((int) length);
        out.writeInt(header.length);
        out.write(header);
        for (byte[] p : payloads) {
            for (int off = 0; off < p.length; off += SLICE_BYTES) {
                out.write(p, off, Math.min(SLICE_BYTES, p.length - off));
            }
        }
        out.flush();
    }

    /** Reads one message; throws {@link EOFException} when the other side has closed the stream. */
    public static Received read(DataInputStream in) throws IOException {
        int length = in.readInt();
        long start = System.nanoTime();
        if (length < Integer.BYTES + 1 || length > MAX_FRAME_BYTES) {
            throw new IOException("bad frame length " + length);
        }
        int headerLength = in.readInt();
        if (headerLength < 1 || headerLength > length - Integer.BYTES) {
            throw new IOException("bad header length " + headerLength + " in a frame of " + length + " bytes");
        }
        byte[] header = new byte[headerLength];
        in.readFully(header);
        Message message = decode(new DataInputStream(new ByteArrayInputStream(header)),
                new Payloads(in, length - Integer.BYTES - headerLength));
        return new Received(message, length, System.nanoTime() - start);
    }

    /**
     * An array for a payload this process will send, such as an argument: its content is whatever it held before
     * (the cost of a copy does not depend on it); give it back with {@link #giveBack} once sent for the last time.
     */
    public static byte[] payloadArray(int length) {
        return ARRAYS.take(length);
    }

    /**
     * Gives payloads back once they are counted or sent and nothing refers to them any more, so that the next
     * payload of the same length is read into (or made in) memory this process already holds.
     */
    public static void giveBack(List<byte[]> payloads) {
        payloads.forEach(ARRAYS::giveBack);
    }

    /** A message's whole frame, length first, as {@link #write} sends it: for tests and the AOT training run. */
    static byte[] encode(Message message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(new DataOutputStream(bytes), message);
        return bytes.toByteArray();
    }

    /** The message in a whole frame made by {@link #encode}. */
    static Message decode(byte[] frame) throws IOException {
        return read(new DataInputStream(new ByteArrayInputStream(frame))).message();
    }

    private static List<byte[]> payloads(Message message) {
        return message instanceof Message.RunTask t ? t.arguments()
                : message instanceof Message.Results r ? r.results() : List.of();
    }

    private static byte[] header(Message message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
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
            out.writeDouble(t.roundsPerIteration());
            out.writeDouble(t.nsPerRound());
            out.writeDouble(t.warmShare());
            out.writeLong(t.argumentsChargeNanos());
            out.writeLong(t.switchIntervalNanos());
            writeString(out, t.program());
            out.writeInt(t.sharedFiles().size());
            for (String file : t.sharedFiles()) {
                writeString(out, file);
            }
            writeString(out, t.sharedCounterFile());
            writePayloadLengths(out, t.arguments());
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
            out.writeLong(d.receiveNanos());
        } else if (message instanceof Message.Results r) {
            out.writeByte(RESULTS);
            out.writeInt(r.task());
            writePayloadLengths(out, r.results());
        } else if (message instanceof Message.Failed f) {
            out.writeByte(FAILED);
            out.writeInt(f.task());
            writeString(out, f.message());
        } else {
            throw new IOException("no frame for " + message.getClass().getSimpleName());
        }
        out.flush();
        return bytes.toByteArray();
    }

    private static Message decode(DataInputStream in, Payloads payloads) throws IOException {
        byte type = in.readByte();
        Message message = switch (type) {
            case SYNC -> new Message.Sync();
            case QUEUE_PUT -> new Message.QueuePut();
            case QUEUE_TAKE -> new Message.QueueTake();
            case QUEUE_ITEM -> new Message.QueueItem(in.readBoolean());
            case RUN_TASK -> {
                long runId = in.readLong();
                int task = in.readInt();
                double nsPerIteration = in.readDouble();
                double rounds = in.readDouble();
                double nsPerRound = in.readDouble();
                double warmShare = in.readDouble();
                long argumentsCharge = in.readLong();
                long interval = in.readLong();
                String program = readString(in);
                int files = in.readInt();
                List<String> shared = new ArrayList<>();
                for (int i = 0; i < files; i++) {
                    shared.add(readString(in));
                }
                String counterFile = readString(in);
                yield new Message.RunTask(runId, task, nsPerIteration, rounds, nsPerRound, warmShare, argumentsCharge,
                        interval, program, shared, payloads.read(in), counterFile);
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
                    in.readLong(), in.readLong(), in.readLong());
            case RESULTS -> new Message.Results(in.readInt(), payloads.read(in));
            case FAILED -> new Message.Failed(in.readInt(), readString(in));
            default -> throw new IOException("unknown message type " + type);
        };
        payloads.requireAllRead();
        return message;
    }

    /** The payload bytes that follow a header in the stream, read straight into one array each (new or given back). */
    private static final class Payloads {
        private final DataInputStream stream;
        /** Payload bytes the frame holds after its header; every one must be read. */
        private long remaining;

        Payloads(DataInputStream stream, long bytes) {
            this.stream = stream;
            this.remaining = bytes;
        }

        /** Reads the payloads whose count and lengths end {@code header}. */
        List<byte[]> read(DataInputStream header) throws IOException {
            int n = header.readInt();
            int[] lengths = new int[n];
            long total = 0;
            for (int i = 0; i < n; i++) {
                lengths[i] = header.readInt();
                total += lengths[i];
                if (lengths[i] < 0 || total > remaining) {
                    throw new IOException("payloads longer than their frame");
                }
            }
            List<byte[]> payloads = new ArrayList<>(n);
            for (int length : lengths) {
                byte[] p = ARRAYS.take(length);
                for (int off = 0; off < length; off += SLICE_BYTES) {
                    stream.readFully(p, off, Math.min(SLICE_BYTES, length - off));
                }
                payloads.add(p);
            }
            remaining -= total;
            return payloads;
        }

        void requireAllRead() throws IOException {
            if (remaining != 0) {
                throw new IOException(remaining + " bytes of a frame were not accounted for by its header");
            }
        }
    }

    private static void writePayloadLengths(DataOutputStream out, List<byte[]> payloads) throws IOException {
        out.writeInt(payloads.size());
        for (byte[] p : payloads) {
            out.writeInt(p.length);
        }
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
}
