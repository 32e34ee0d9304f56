package lab.gil.greenlet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import lab.gil.interpreter.BurnKernel;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.CodeWarmth;
import lab.gil.interpreter.CounterCell;
import lab.gil.interpreter.StepRunner;
import lab.gil.interpreter.WorkerState;

/**
 * How the greenlets of one hub run their steps: nothing ever switches on its own. A {@code cpu}, {@code native} or
 * {@code builtin} step keeps the hub until it ends (C code, GIL released or not, keeps the hub's one thread busy),
 * a read-modify-write of the counter has no wait between the read and the write, and only an {@code io} step or a
 * {@code get} on an empty queue hands the hub over, as gevent does.
 *
 * <p>Called only by the greenlet that holds the hub, which is the one whose steps run.
 */
final class HubScheduling implements StepRunner.Scheduling {

    private final Hub hub;
    /** The kernel and the charges for the event loop's work on each greenlet. */
    private final Calibration calibration;
    /** The Python object {@code counter}, in the hub's memory: the holder's reads and writes. */
    private final CounterCell counter;
    /** How warm {@code countdown} is: the hub's greenlets share one interpreter's functions. */
    private final CodeWarmth warmth = new CodeWarmth();
    /** The kernel's last state after a charge, kept so that the JIT cannot drop the work. Holder only. */
    private long sink = BurnKernel.SEED;

    HubScheduling(Hub hub, Calibration calibration) {
        this.hub = hub;
        this.calibration = calibration;
        this.counter = new CounterCell() {
            @Override
            public long load() {
                return hub.counter;
            }

            @Override
            public void store(long newValue) {
                hub.counter = newValue;
            }
        };
    }

    /** Nothing preempts a greenlet. */
    @Override
    public boolean switchRequested() {
        return false;
    }

    @Override
    public boolean switchAtCheckPoint() {
        throw new IllegalStateException("a greenlet is never asked to switch");
    }

    @Override
    public boolean cancelled() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("greenlet interrupted");
        }
        return hub.cancelled();
    }

    /**
     * What CPython's event loop spends on a task from its creation until it first waits (gevent's spawn and first
     * switch, asyncio's Task and its first step), charged once, when the greenlet first runs. Thousands of greenlets
     * make it the start of a run: 10,000 of them cost CPython 0.1-0.3 s here before the first one waits.
     */
    void chargeStart() {
        sink = calibration.burn(sink, calibration.charges().greenletStartNanos());
    }

    /**
     * A request answered after {@code duration} (or a timer); the hub runs the others meanwhile. Then what CPython's
     * event loop spends waking a task whose wait ended (its timer, its callback, the switch back), charged.
     */
    @Override
    public boolean io(Duration duration) {
        try {
            if (!hub.waitFor(hub.holder(), duration)) {
                return false;
            }
            sink = calibration.burn(sink, calibration.charges().greenletWakeNanos());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("the hub's loopback socket failed", e);
        }
    }

    @Override
    public void enterC(WorkerState state) {
        hub.enter(hub.holder(), state, System.nanoTime());
    }

    @Override
    public boolean leaveC(WorkerState state) {
        hub.enter(hub.holder(), WorkerState.RUNNING, System.nanoTime());
        return true;
    }

    @Override
    public CounterCell counter() {
        return counter;
    }

    @Override
    public boolean countdownCall() {
        return warmth.call();
    }

    /** Greenlets share one memory: {@code incr-shared} updates the same counter. */
    @Override
    public CounterCell sharedMemoryCounter() {
        return counter;
    }

    /**
     * The hub's lock ({@code gevent.lock.BoundedSemaphore}) is always free: the greenlet holding it releases it before
     * it waits again, and only a wait switches to another greenlet.
     */
    @Override
    public boolean acquireLock() {
        hub.acquireLock();
        return true;
    }

    @Override
    public void releaseLock() {
        hub.releaseLock();
    }

    /** A put on an unbounded queue never switches. */
    @Override
    public void put() {
        hub.put();
    }

    /** A get on an empty queue waits, and the hub runs others. */
    @Override
    public boolean take() {
        return hub.take(hub.holder());
    }

    @Override
    public RuntimeException crash() {
        return new IllegalStateException("the program reached a crash step. A greenlet cannot die alone: os._exit()"
                + " or a crash in C code ends the whole process, the hub and every greenlet with it. Run it on"
                + " processes to see one die alone.");
    }
}
