package lab.gil.run.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.GilMode;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.PyThread;
import lab.gil.program.TaskProgram;
import lab.gil.run.RunWatcher;
import lab.gil.stream.EventChannel;
import org.junit.jupiter.api.Test;

class LaneBatcherTest {

    private static final long TIMEOUT_SECONDS = 30;
    private static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);

    private static EventChannel events() {
        return new EventChannel("run", 1000, 1000, EventChannel.SubscriberCount.NONE);
    }

    /** Two workers trading the GIL every 0.1 ms, so that they make many state changes. */
    private static Interpreter busyInterpreter() throws InterruptedException {
        Interpreter interpreter = new Interpreter(GilMode.GIL, Duration.ofNanos(100_000), 2, CALIBRATION, true);
        Thread[] threads = new Thread[2];
        for (int w = 0; w < 2; w++) {
            int worker = w;
            threads[w] = Thread.ofPlatform().start(() -> {
                PyThread t = interpreter.attach(worker);
                try {
                    t.run(TaskProgram.parse("cpu 400000"), () -> false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    t.detach();
                }
            });
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
        return interpreter;
    }

    @Test
    void theFirstBatchAnnouncesTheLanesAndEveryChangeIsStreamedOnce() throws InterruptedException {
        EventChannel events = events();
        RunWatcher watch = RunWatcher.watch(events);
        LaneBatcher lanes = new LaneBatcher(events, trace -> {}, LaneSource.of(busyInterpreter()), LaneStyle.sharingOneGil(), () -> 0);
        lanes.publish();
        lanes.publish();
        events.close();
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(watch.events.getFirst().name()).isEqualTo("lanes");
        assertThat(watch.events).filteredOn(e -> e.name().equals("lanes")).hasSize(1);
        assertThat(watch.events).filteredOn(e -> e.name().equals("workers")).as("the second drain finds nothing new")
                .hasSize(1);
    }

    @Test
    void aRunThatChangesStateTooOftenStopsStreamingAtTheCapAndSaysSo() throws InterruptedException {
        EventChannel events = events();
        RunWatcher watch = RunWatcher.watch(events);
        LaneBatcher lanes = new LaneBatcher(events, trace -> {}, LaneSource.of(busyInterpreter()), LaneStyle.sharingOneGil(), () -> 0, 10);
        lanes.publish();
        events.close();
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        LaneBatcher.Batch batch = (LaneBatcher.Batch) watch.events.stream()
                .filter(e -> e.name().equals("workers")).findFirst().orElseThrow().data();
        assertThat(batch.changes()).hasSizeLessThanOrEqualTo(10);
        assertThat(batch.capped()).isTrue();
    }
}
