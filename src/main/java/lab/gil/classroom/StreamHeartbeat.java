package lab.gil.classroom;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jakarta.annotation.PreDestroy;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Writes an SSE comment to every class stream every {@code gillab.classroom.heartbeat} (10 s by default). A server learns that a browser went away only
 * when a write fails, and a class stream may be silent for a whole lesson: without this a closed laptop would count
 * as connected until the instructor next changed something. Browsers ignore comments.
 */
@Component
class StreamHeartbeat {

    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("class-stream-heartbeat").daemon().factory());

    StreamHeartbeat(ClassroomProperties properties) {
        long period = properties.heartbeat().toMillis();
        timer.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    void watch(SseEmitter emitter) {
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
    }

    private void beat() {
        for (SseEmitter emitter : emitters) {
            // A write to a stalled browser blocks until its socket times out: one thread each, so none waits for it.
            Thread.ofVirtual().name("class-stream-beat").start(() -> {
                try {
                    emitter.send(SseEmitter.event().comment("still here"));
                } catch (IOException e) {
                    // Ends the response, which ends its subscriber and counts the page as gone.
                    emitters.remove(emitter);
                    emitter.completeWithError(e);
                } catch (IllegalStateException e) {
                    emitters.remove(emitter); // completed meanwhile
                }
            });
        }
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }
}
