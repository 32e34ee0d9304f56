package lab.gil.shutdown;

import java.time.Duration;
import lab.gil.run.RunService;
import lab.gil.stream.SseStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;

/**
 * What a server does between SIGTERM and the web server's graceful shutdown, in this order: it stops taking runs
 * from the queue (a cluster's other servers take them), lets its running run finish (until the run's time limit),
 * then tells every page on every stream that it is going away (the {@code leaving} event) and completes the
 * streams, so that the pages reconnect, through the load balancer, to a server that stays.
 *
 * <p>Why before the graceful shutdown: that waits for every request to complete, and an event stream completes only
 * when the server ends it. Left to itself it waited its whole 30 s for the streams of any open page, then cut them.
 * Spring publishes {@link ContextClosedEvent} after the readiness probe has turned to refusing traffic (so a load
 * balancer stops sending new requests here) and before it stops any lifecycle bean, the web server included.
 */
@Component
class ShutdownOrder implements ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ShutdownOrder.class);
    /**
     * How long pages have to receive {@code leaving} and let their streams go. A browser that reads answers in
     * milliseconds; one that stopped reading is cut by the web server's own stop.
     */
    static final Duration LEAVE_TIMEOUT = Duration.ofMillis(1500);

    private final ApplicationContext context;
    private final ObjectProvider<RunService> runs;
    private final SseStreams streams;

    ShutdownOrder(ApplicationContext context, ObjectProvider<RunService> runs, SseStreams streams) {
        this.context = context;
        this.runs = runs;
        this.streams = streams;
    }

    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        if (event.getApplicationContext() != context) {
            return; // a child context closing (none today); this server is not stopping
        }
        try {
            long started = System.nanoTime();
            RunService runService = runs.getIfAvailable();
            if (runService != null) {
                runService.drain();
            }
            long drained = System.nanoTime();
            int pages = streams.openStreams();
            int stalled = streams.leaveAll(LEAVE_TIMEOUT);
            log.info("Stopping: runs drained in {} ms; {} stream(s) told this server is leaving in {} ms{}",
                    (drained - started) / 1_000_000, pages, (System.nanoTime() - drained) / 1_000_000,
                    stalled == 0 ? "" : " (" + stalled + " not completed yet: the web server's stop ends them)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
