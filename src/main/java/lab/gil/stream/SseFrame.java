package lab.gil.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Events encoded as the bytes of a text/event-stream response, ready to be written as they are: one or more
 * {@code id:}/{@code event:}/{@code data:} blocks, each ended by a blank line.
 *
 * <p>A frame is made once per event and shared by every subscriber that sends it (see
 * {@link StreamEvent#frame}), so 300 viewers of the per-core chart cost one encoding per sample, and sending it
 * costs a copy of its bytes into each response, nothing more.
 */
public record SseFrame(List<byte[]> parts) {

    /**
     * The {@code leaving} event of the contract between server and page: the server is about to stop. It has no
     * {@code id:} line, so that the browser's last event id stays that of the last real event, which the page
     * resumes after on the next server; and it takes no id from any channel, whose ids may be another server's.
     */
    static final SseFrame LEAVING = new SseFrame(List.of("event:leaving\ndata:{}\n\n".getBytes(StandardCharsets.UTF_8)));

    public SseFrame {
        parts = List.copyOf(parts);
    }

    /** The bytes of one event: its id, name and data, the data split into one {@code data:} line per line. */
    static byte[] encode(long id, String name, String data) {
        StringBuilder text = new StringBuilder(data.length() + name.length() + 32);
        text.append("id:").append(id).append('\n').append("event:").append(name).append('\n');
        int from = 0;
        while (true) {
            int newline = data.indexOf('\n', from);
            text.append("data:").append(data, from, newline < 0 ? data.length() : newline).append('\n');
            if (newline < 0) {
                break;
            }
            from = newline + 1;
        }
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The frames of these events, in order; each event is encoded by {@code encoder} unless it was already. */
    static SseFrame of(List<StreamEvent> events, Function<Object, String> encoder) {
        return new SseFrame(events.stream().map(e -> e.frame(encoder)).toList());
    }

    /** Writes every part, without flushing. */
    public void writeTo(OutputStream out) throws IOException {
        for (byte[] part : parts) {
            out.write(part);
        }
    }

    /** The whole frame as text, for tests and logs. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        parts.forEach(p -> s.append(new String(p, StandardCharsets.UTF_8)));
        return s.toString();
    }
}
