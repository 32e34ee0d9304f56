package lab.gil.stream;

/**
 * One server-sent event: a sequence number unique within its channel (sent as the SSE id, so a browser that
 * reconnects can say where it stopped), an event name and a payload serialized as JSON.
 */
public record StreamEvent(long id, String name, Object data) {}
