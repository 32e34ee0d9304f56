package lab.gil.greenlet;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.BurnKernel;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.WorkerState;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * Runs the steps of task programs for the greenlets of one hub, with the same calibrated work as the emulated
 * interpreter's eval loop, and waits only where gevent would: in {@code io} steps and in a {@code get} on an empty
 * queue.
 *
 * <p>Invariant: called only by the greenlet that holds the hub. Nothing here ever switches on its own: a {@code cpu},
 * {@code native} or {@code builtin} step keeps the hub until it ends (it looks only at cancellation, every few
 * thousand iterations), and a read-modify-write of the counter has no wait between the read and the write.
 */
final class GreenletSteps {

    /** Iterations between looks at cancellation and progress updates: about 0.1 ms of CPython work. */
    private static final long POLL_ITERATIONS = 4096;
    /** C work done between looks at cancellation in {@code native} and {@code builtin} steps. */
    private static final long BURN_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(500);

    private final Hub hub;
    private final Calibration calibration;
    /** The kernel's last state, kept so that the JIT cannot drop the work; only the holder of the hub writes it. */
    private long sink = BurnKernel.SEED;

    GreenletSteps(Hub hub, Calibration calibration) {
        this.hub = hub;
        this.calibration = calibration;
    }

    /** Runs every step of {@code program} in order; false if the run was cancelled meanwhile. */
    boolean run(Greenlet g, TaskProgram program) throws InterruptedException, java.io.IOException {
        for (Step step : program.steps()) {
            boolean finished = switch (step) {
                case Step.Cpu cpu -> cpu(cpu.iterations());
                case Step.Io io -> hub.waitFor(g, io.duration()) && chargeWake();
                case Step.Native c -> cCall(g, WorkerState.NATIVE, c.cpu());
                case Step.Builtin c -> cCall(g, WorkerState.BUILTIN, c.cpu());
                case Step.Increment incr -> increment(incr.times(), incr.callBetween());
                case Step.SharedIncrement incr -> increment(incr.times(), false);
                // Greenlets share one memory: an argument, a result or a buffer is a reference, nothing is copied.
                case Step.Send ignored -> true;
                case Step.Recv ignored -> true;
                case Step.Share ignored -> true;
                case Step.Crash ignored -> throw new IllegalStateException("the program reached a crash step. A"
                        + " greenlet cannot die alone: os._exit() or a crash in C code ends the whole process, the"
                        + " hub and every greenlet with it. Run it on processes to see one die alone.");
                case Step.Put put -> produce(put.items(), put.workPerItem());
                case Step.Get get -> consume(g, get.items(), get.workPerItem());
            };
            if (!finished) {
                return false;
            }
        }
        return true;
    }

    /**
     * What CPython's event loop spends on a task from its creation until it first waits (gevent's spawn and first
     * switch, asyncio's Task and its first step), charged once, when the greenlet first runs. Thousands of greenlets
     * make it the start of a run: 10,000 of them cost CPython 0.1-0.3 s here before the first one waits.
     */
    void chargeStart() {
        sink = calibration.burn(sink, calibration.charges().greenletStartNanos());
    }

    /** What CPython's event loop spends waking a task whose wait ended (its timer, its callback, the switch back). */
    private boolean chargeWake() {
        sink = calibration.burn(sink, calibration.charges().greenletWakeNanos());
        return true;
    }

    /** {@code while n > 0: n -= 1}: calibrated work, with no switch anywhere in it. */
    private boolean cpu(long iterations) throws InterruptedException {
        long rounds = calibration.roundsPerIteration();
        long x = sink;
        try {
            for (long left = iterations; left > 0; ) {
                long chunk = Math.min(left, POLL_ITERATIONS);
                x = BurnKernel.burn(x, chunk * rounds);
                left -= chunk;
                hub.progress(chunk);
                if (stopRequested()) {
                    return false;
                }
            }
            return true;
        } finally {
            sink = x;
        }
    }

    /**
     * {@code counter += 1} in a loop, the read and the write apart by half an iteration's work (and a function's
     * body with {@code incr-call}): a greenlet never switches in between, because neither is a wait.
     */
    private boolean increment(long times, boolean callBetween) throws InterruptedException {
        long rounds = calibration.roundsPerIteration();
        long betweenReadAndWrite = rounds / 2;
        long rest = Math.max(1, rounds - betweenReadAndWrite);
        long x = sink;
        try {
            for (long i = 1; i <= times; i++) {
                x = BurnKernel.burn(x, rest);
                long value = hub.counter;
                x = BurnKernel.burn(x, betweenReadAndWrite);
                if (callBetween) {
                    x = BurnKernel.burn(x, rounds);
                }
                hub.counter = value + 1;
                if (i % POLL_ITERATIONS == 0 && stopRequested()) {
                    return false;
                }
            }
            return true;
        } finally {
            sink = x;
        }
    }

    /** C code: released GIL or not, the hub's one thread is busy in it, so no other greenlet runs meanwhile. */
    private boolean cCall(Greenlet g, WorkerState state, Duration cpu) throws InterruptedException {
        hub.enter(g, state, System.nanoTime());
        long slice = Math.max(1, calibration.roundsFor(BURN_SLICE_NANOS));
        long x = sink;
        try {
            for (long left = calibration.roundsFor(cpu); left > 0; left -= slice) {
                x = BurnKernel.burn(x, Math.min(left, slice));
                if (stopRequested()) {
                    return false;
                }
            }
        } finally {
            sink = x;
        }
        hub.enter(g, WorkerState.RUNNING, System.nanoTime());
        return true;
    }

    /** {@code for _ in range(items): q.put(make_item())}: a put on an unbounded queue never switches. */
    private boolean produce(long items, Duration workPerItem) throws InterruptedException {
        long iterations = iterationsFor(workPerItem);
        for (long i = 0; i < items; i++) {
            if (iterations > 0 && !cpu(iterations)) {
                return false;
            }
            hub.put();
            if (stopRequested()) {
                return false;
            }
        }
        return true;
    }

    /** {@code for _ in range(items): handle(q.get())}: a get on an empty queue waits, and the hub runs others. */
    private boolean consume(Greenlet g, long items, Duration workPerItem) throws InterruptedException {
        long iterations = iterationsFor(workPerItem);
        for (long i = 0; i < items; i++) {
            if (!hub.take(g)) {
                return false;
            }
            if (iterations > 0 && !cpu(iterations)) {
                return false;
            }
        }
        return true;
    }

    private long iterationsFor(Duration work) {
        return Math.round(work.toNanos() / calibration.nsPerIteration());
    }

    private boolean stopRequested() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("greenlet interrupted");
        }
        return hub.cancelled();
    }
}
