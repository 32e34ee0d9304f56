package lab.gil.stream;

import java.util.function.Function;

/**
 * One server-sent event: a sequence number unique within its channel (sent as the SSE id when its channel sends
 * ids, so a browser that reconnects can say where it stopped), an event name and a payload serialized as JSON.
 *
 * <p>The JSON, and the bytes of the whole SSE block around it, are made once, by the first subscriber that sends
 * the event, and shared by the others: 500 viewers of one run cost one serialization and one encoding per event,
 * not 500.
 */
public final class StreamEvent {

    private final long id;
    private final String name;
    private final Object data;
    /** Whether the browser gets {@link #id} as the SSE id ({@link EventChannel.Ids}). */
    private final boolean sendsId;
    /** The payload as JSON once some sink has encoded it; racing sinks make equal strings, so no lock is needed. */
    private volatile String json;
    /** The event as SSE bytes once some sink has encoded it; racing sinks make equal arrays, so no lock is needed. */
    private volatile byte[] frame;

    /** An event whose id the browser gets. */
    public StreamEvent(long id, String name, Object data) {
        this(id, name, data, true);
    }

    public StreamEvent(long id, String name, Object data, boolean sendsId) {
        this.id = id;
        this.name = name;
        this.data = data;
        this.sendsId = sendsId;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Object data() {
        return data;
    }

    /**
     * The payload encoded by {@code encoder}, encoded at most once (or a few times, when sinks race); an
     * {@link EncodedJson} payload as it is.
     */
    public String json(Function<Object, String> encoder) {
        String j = json;
        if (j == null) {
            j = data instanceof EncodedJson encoded ? encoded.json() : encoder.apply(data);
            json = j;
        }
        return j;
    }

    /**
     * The event as the bytes of an SSE block (its id when sent, name, data), encoded at most once (or a few times,
     * when sinks race).
     */
    public byte[] frame(Function<Object, String> encoder) {
        byte[] f = frame;
        if (f == null) {
            f = SseFrame.encode(sendsId ? id : null, name, json(encoder));
            frame = f;
        }
        return f;
    }

    @Override
    public String toString() {
        return "StreamEvent[" + id + " " + name + "]";
    }
}
