package lab.gil.cores;

import jakarta.annotation.PreDestroy;
import lab.gil.stream.EventChannel;
import lab.gil.stream.SseStreams;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The per-core samples as one live event channel: the sampler feeds it once, however many pages watch it.
 * Samples are live only, so the channel keeps a short history (a reconnecting page gets the last seconds back),
 * and they carry no SSE id: on a page's stream the browser's last event id is its run's. Each says which cores
 * are this server's own ({@link CoreReading}).
 */
@Component
public class CoreStream {

    /** About 10 s at 10 Hz: enough to fill a reconnecting chart's gap, no more. */
    private static final int HISTORY = 100;
    /** A page more than this many samples behind is disconnected and resumes from the history. */
    private static final int MAILBOX = 64;

    private final EventChannel channel;
    private final Subscription subscription;

    CoreStream(CoreSampler sampler, SseStreams streams, ObjectProvider<CoreOwnership> ownership) {
        CoreOwnership own = ownership.getIfAvailable(() -> CoreOwnership.ALL);
        this.channel = new EventChannel("cores", HISTORY, MAILBOX, streams.countFor("cores"), EventChannel.Ids.NOT_SENT);
        this.subscription = sampler.subscribe(sample -> channel.publish("cores", CoreReading.of(sample, own)));
    }

    public EventChannel channel() {
        return channel;
    }

    @PreDestroy
    void close() {
        subscription.close();
        channel.close();
    }
}
