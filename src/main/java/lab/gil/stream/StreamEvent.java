package lab.gil.stream;

import java.util.function.Function;

/**
 * One server-sent event: a sequence number unique within its channel (sent as the SSE id, so a browser that
 * reconnects can say where it stopped), an event name and a payload serialized as JSON.
 *
 * <p>The JSON is made once, by the first subscriber that sends the event, and shared by the others: 500 viewers
 * of one run cost one serialization per event, not 500.
 */
public final class StreamEvent {

    private final long id;
    private final String name;
    private final Object data;
    /** The payload as JSON once some sink has encoded it; racing sinks make equal strings, so no lock is needed. */
    private volatile String json;

    public StreamEvent(long id, String name, Object data) {
        this.id = id;
        this.name = name;
        this.data = data;
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

    @Override
    public String toString() {
        return "StreamEvent[" + id + " " + name + "]";
    }
}
