package lab.gil.run.greenlet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lab.gil.greenlet.Hub;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.WorkerState;
import lab.gil.run.trace.LaneSource;
import lab.gil.run.trace.StateCountSample;

/**
 * The lanes of a greenlet run, kept readable at ten thousand greenlets: the hub's own lane, the first
 * {@link #SHOWN} greenlets one lane each, and, for all of them, how many are in each state over time.
 *
 * <p>Every change of the hub's log passes through here once, so the counts are exact; they are sampled at most once
 * every {@link #SAMPLE_NANOS} of the run's time, which bounds what a browser receives (a minute's run: 6,000
 * samples). Only the run's observer thread calls it.
 */
final class GreenletLanes implements LaneSource {

    /** Greenlets drawn as lanes of their own, after the hub's. */
    static final int SHOWN = 16;
    /** The finest step of the counts over time. */
    static final long SAMPLE_NANOS = 10_000_000;

    private final Hub hub;
    private final int lanes;
    /** Each greenlet's state as the log last said, by ordinal; IDLE before its first change. */
    private final byte[] states;
    /** Greenlets per state, by ordinal. */
    private final int[] counts = new int[WorkerState.values().length];
    /** Samples taken and not yet drained. */
    private final List<StateCountSample> samples = new ArrayList<>();
    /** nanoTime of the latest sample (the first change's time before the first sample). */
    private long sampledAt = Long.MIN_VALUE / 2;
    /** Whether the counts changed since the latest sample. */
    private boolean changedSinceSample;
    /** nanoTime of the latest change counted. */
    private long lastChangeAt;

    GreenletLanes(Hub hub) {
        this.hub = hub;
        this.lanes = 1 + Math.min(SHOWN, hub.greenlets());
        this.states = new byte[hub.greenlets()];
        // Not spawned yet counts as idle, so that every sample adds up to every greenlet.
        java.util.Arrays.fill(states, (byte) WorkerState.IDLE.ordinal());
        counts[WorkerState.IDLE.ordinal()] = hub.greenlets();
    }

    @Override
    public int lanes() {
        return lanes;
    }

    @Override
    public void drain(Consumer<StateChange> sink) {
        hub.drainStateChanges(change -> {
            if (change.worker() < lanes) {
                sink.accept(change);
            }
            if (change.worker() != Hub.HUB_LANE) {
                count(change);
            }
        });
        if (changedSinceSample) {
            sample(lastChangeAt);
        }
    }

    private void count(StateChange change) {
        if (changedSinceSample && change.nanoTime() - sampledAt >= SAMPLE_NANOS) {
            sample(lastChangeAt); // the counts as they stood from the latest change until this one
        }
        int greenlet = change.worker() - 1;
        counts[states[greenlet]]--;
        states[greenlet] = (byte) change.state().ordinal();
        counts[states[greenlet]]++;
        changedSinceSample = true;
        lastChangeAt = Math.max(lastChangeAt, change.nanoTime());
    }

    private void sample(long nanoTime) {
        samples.add(new StateCountSample(nanoTime, counts.clone()));
        sampledAt = nanoTime;
        changedSinceSample = false;
    }

    @Override
    public long dropped() {
        return hub.figures().droppedChanges();
    }

    /** Every greenlet, when some have no lane of their own; none when each has one. */
    @Override
    public int counted() {
        return hub.greenlets() > SHOWN ? hub.greenlets() : 0;
    }

    @Override
    public void drainStateCounts(Consumer<StateCountSample> sink) {
        samples.forEach(sink);
        samples.clear();
    }
}
