package lab.gil.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lab.gil.run.measure.Progress;
import lab.gil.stream.EventChannel;
import lab.gil.stream.EventSink;
import lab.gil.stream.StreamEvent;

/** Follows a run's event channel so that a test can wait for a state instead of sleeping. */
public final class RunWatcher implements EventSink {

    private final Map<String, CountDownLatch> states = new ConcurrentHashMap<>();
    /** One latch per event name, counted down at the first event of that name. */
    private final Map<String, CountDownLatch> eventsNamed = new ConcurrentHashMap<>();
    /** Latches by progress phase, counted down at the first progress event of that phase. */
    private final Map<String, CountDownLatch> phases = new ConcurrentHashMap<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    /** Every event received, in order. */
    public final java.util.List<StreamEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    public static RunWatcher watch(Run run) {
        return watch(run.events());
    }

    /** Follows {@code events} from their first. */
    public static RunWatcher watch(EventChannel events) {
        RunWatcher watcher = new RunWatcher();
        events.subscribe(watcher, 0);
        return watcher;
    }

    private CountDownLatch latch(String state) {
        return states.computeIfAbsent(state, s -> new CountDownLatch(1));
    }

    /** Waits until the run has entered {@code state}; false when the timeout passed first. */
    public boolean awaitState(RunState state, long timeout, TimeUnit unit) throws InterruptedException {
        return latch(state.id()).await(timeout, unit);
    }

    /** Waits until the run has published an event named {@code name}; false when the timeout passed first. */
    public boolean awaitEvent(String name, long timeout, TimeUnit unit) throws InterruptedException {
        return eventsNamed.computeIfAbsent(name, n -> new CountDownLatch(1)).await(timeout, unit);
    }

    /** Waits until the run has reported progress in {@code phase}; false when the timeout passed first. */
    public boolean awaitPhase(String phase, long timeout, TimeUnit unit) throws InterruptedException {
        return phases.computeIfAbsent(phase, p -> new CountDownLatch(1)).await(timeout, unit);
    }

    /** The phases the run reported progress in, in order, each once. */
    public java.util.List<String> phases() {
        return events.stream().filter(e -> e.data() instanceof Progress).map(e -> ((Progress) e.data()).phase())
                .distinct().toList();
    }

    /** The places in the queue the run's state events told, in order. */
    public java.util.List<Integer> queuePositions() {
        return events.stream().filter(e -> e.data() instanceof Run.StateEvent s && s.state().equals("queued"))
                .map(e -> ((Run.StateEvent) e.data()).queuePosition()).toList();
    }

    /** Waits until the run's stream has ended, which it does right after the run ends. */
    public boolean awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
        return ended.await(timeout, unit);
    }

    @Override
    public void send(StreamEvent event) {
        events.add(event);
        eventsNamed.computeIfAbsent(event.name(), n -> new CountDownLatch(1)).countDown();
        if (event.data() instanceof Run.StateEvent(String state, String message, int queuePosition)) {
            latch(state).countDown();
        }
        if (event.data() instanceof Progress progress) {
            phases.computeIfAbsent(progress.phase(), p -> new CountDownLatch(1)).countDown();
        }
    }

    @Override
    public void complete() {
        ended.countDown();
    }

    @Override
    public void fail(String reason) {
        ended.countDown();
    }
}
