package lab.gil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An event's SSE bytes: what EventSource parses, made once however many subscribers send it. */
class SseFrameTest {

    @Test
    void anEventIsItsIdNameAndDataThenABlankLine() {
        StreamEvent e = new StreamEvent(7, "cores", "ignored");
        assertThat(new String(e.frame(data -> "{\"total\":0.5}"), StandardCharsets.UTF_8))
                .isEqualTo("id:7\nevent:cores\ndata:{\"total\":0.5}\n\n");
    }

    @Test
    void anEventOfAChannelThatSendsNoIdsHasNoIdLineSoThatTheBrowsersLastEventIdStaysTheRuns() {
        EventChannel cores = new EventChannel("cores", 1, 1, EventChannel.SubscriberCount.NONE, EventChannel.Ids.NOT_SENT);
        cores.publish("cores", "ignored");
        RecordingFrames frames = new RecordingFrames();
        cores.subscribe(frames, 0);
        assertThat(frames.first()).isEqualTo("event:cores\ndata:{}\n\n");
    }

    /** Keeps the frame of the first event it is sent. */
    private static final class RecordingFrames implements EventSink {
        private final java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();

        @Override
        public void send(StreamEvent event) {
            first.complete(new String(event.frame(data -> "{}"), StandardCharsets.UTF_8));
        }

        @Override
        public void complete() {}

        @Override
        public void fail(String reason) {}

        String first() {
            return first.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join();
        }
    }

    @Test
    void dataWithLineBreaksBecomesOneDataLinePerLineSoThatNoneEndsTheEventEarly() {
        assertThat(new String(SseFrame.encode(1L, "state", "a\nb\n"), StandardCharsets.UTF_8))
                .isEqualTo("id:1\nevent:state\ndata:a\ndata:b\ndata:\n\n");
    }

    @Test
    void textOutsideAsciiIsSentAsUtf8() {
        assertThat(SseFrame.encode(2L, "name", "\"Zoë\"")).containsSubsequence("Zo\u00eb".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEventIsEncodedOnceHoweverManySubscribersSendIt() throws Exception {
        AtomicInteger encodings = new AtomicInteger();
        StreamEvent e = new StreamEvent(3, "progress", 42);
        for (int subscriber = 0; subscriber < 300; subscriber++) {
            SseFrame.of(List.of(e), data -> {
                encodings.incrementAndGet();
                return String.valueOf(data);
            });
        }
        assertThat(encodings).hasValue(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseFrame.of(List.of(e, new StreamEvent(4, "progress", 43)), String::valueOf).writeTo(out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("id:3\nevent:progress\ndata:42\n\nid:4\nevent:progress\ndata:43\n\n");
    }
}
