package lab.gil.run;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import lab.gil.broadcast.BroadcastsConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * The run queue of a server that is alone: waiting runs in memory, started in {@link FairQueue}'s order (an
 * instructor's first, then each class and each lone session in turn), each waiting run told its place whenever it
 * moves.
 *
 * <p>Invariants: a submitter has at most one run waiting or running; a run leaves the queue only to start or to be
 * cancelled; a waiting run's {@link #position} is its place in that order.
 */
@Component
@ConditionalOnBooleanProperty(name = BroadcastsConfig.CLUSTER_SETTING, havingValue = false, matchIfMissing = true)
public final class LocalRunQueue implements RunQueue {

    /** How many runs may wait. */
    private final int capacity;
    /**
     * Guards {@link #waiting}, {@link #activeBySubmitter}, {@link #open} and {@link #closed}; {@link #added} is signalled when a run
     * is added or the queue closes.
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition added = lock.newCondition();
    /** Runs waiting, in the order they will start. */
    private final FairQueue<Run> waiting = new FairQueue<>();
    /** Each submitter's one run that is waiting or running, by submitter id. */
    private final Map<String, Run> activeBySubmitter = new HashMap<>();
    /** Whether {@link #next} hands out runs. */
    private boolean open;
    /** Set by {@link #close}, cleared by {@link #open}: the server is stopping, so no run is taken any more. */
    private boolean closed;

    public LocalRunQueue(RunProperties properties) {
        this.capacity = properties.queueCapacity();
    }

    @Override
    public Optional<Run> add(Run run, String replacedWhy) {
        Submitter by = run.submitter();
        Run replaced;
        lock.lock();
        try {
            if (closed) {
                throw Full.stopping();
            }
            Run previous = activeBySubmitter.get(by.id());
            if (previous != null && previous.state() == RunState.RUNNING) {
                throw new StillRunning(previous);
            }
            // A run leaves the queue and starts under this lock, so a QUEUED run here is still waiting.
            replaced = previous != null && previous.state() == RunState.QUEUED ? previous : null;
            if (replaced == null && waiting.size() >= capacity) {
                throw new Full(capacity);
            }
            if (replaced != null) {
                waiting.replace(replaced, run);
            } else {
                waiting.add(run, by);
            }
            activeBySubmitter.put(by.id(), run);
            announcePlaces();
            added.signalAll();
        } finally {
            lock.unlock();
        }
        if (replaced == null) {
            return Optional.empty();
        }
        replaced.requestStop();
        endWaiting(replaced, replacedWhy);
        return Optional.of(replaced);
    }

    @Override
    public boolean cancel(Run run, String why) {
        lock.lock();
        try {
            if (!waiting.remove(run)) {
                return false;
            }
            activeBySubmitter.remove(run.submitter().id(), run);
            announcePlaces();
        } finally {
            lock.unlock();
        }
        endWaiting(run, why);
        return true;
    }

    /** Ends a run taken out of the queue before it started. */
    private static void endWaiting(Run run, String why) {
        run.end(RunState.CANCELLED, why);
        run.events().close();
    }

    /** Every run is this server's: the run itself was told. */
    @Override
    public void requestStop(Run run) {
    }

    @Override
    public int position(Run run) {
        lock.lock();
        try {
            return waiting.position(run);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int length() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** Alone, this server knows every run. */
    @Override
    public Optional<Run> find(String id) {
        return Optional.empty();
    }

    /** Alone, nobody else asks to stop a run. */
    @Override
    public void open(Consumer<String> stopRequests) {
        lock.lock();
        try {
            // Open again after a close: Spring's test contexts stop the lifecycle of a context not in use and start it
            // again when a test needs it.
            open = true;
            closed = false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<Run> next() throws InterruptedException {
        lock.lock();
        try {
            while (open && waiting.isEmpty()) {
                added.await();
            }
            if (!open) {
                return Optional.empty();
            }
            Optional<Run> next = waiting.takeNext();
            // Started under the lock: a second Run press of its submitter sees it running, not waiting.
            next.ifPresent(Run::start);
            announcePlaces();
            return next;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void executing(Run run) {
    }

    @Override
    public void executed(Run run) {
        lock.lock();
        try {
            activeBySubmitter.remove(run.submitter().id(), run);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<Run> close(String why) {
        List<Run> left;
        lock.lock();
        try {
            open = false;
            closed = true;
            left = waiting.items();
            added.signalAll();
        } finally {
            lock.unlock();
        }
        List<Run> cancelled = new ArrayList<>();
        for (Run run : left) {
            run.requestStop();
            if (cancel(run, why)) {
                cancelled.add(run);
            }
        }
        return cancelled;
    }

    /**
     * Tells every waiting run whose place changed where it waits now: a run joined (an instructor's goes ahead of
     * everyone), left or started. Call only while holding {@link #lock}, so that the places told are in order.
     */
    private void announcePlaces() {
        for (Run run : waiting.items()) {
            run.queuedAt(waiting.position(run));
        }
    }
}
