package lab.gil.interpreter;

import java.util.ArrayList;
import java.util.List;
import lab.gil.program.TaskProgram;

/**
 * Runs every kind of step once through the eval loop, under the GIL and without it, before the first real run.
 *
 * <p>Why: a run compares N workers with one worker measured just before it. If the one-worker run is the first to
 * execute a step kind, it pays for the JIT compiling that path and the speedup comes out too good (two threads
 * under the GIL "faster" than one). Warming every path at start-up makes the first run as fast as the next.
 */
public final class EvalLoopWarmUp {

    /** Every step kind, with amounts that let the JIT compile each loop (a few tens of milliseconds in all). */
    private static final TaskProgram PROGRAM = TaskProgram.parse(
            "cpu 200000; incr 50000; incr-call 50000; incr-lock 50000; io 200us; native 2ms; builtin 2ms");
    private static final int ROUNDS = 3;

    private EvalLoopWarmUp() {}

    /** Runs the warm-up on two threads per mode; returns once every thread has ended. */
    public static void run(Calibration calibration) throws InterruptedException {
        for (GilMode mode : List.of(GilMode.GIL, GilMode.FREE_THREADED)) {
            Interpreter interpreter = new Interpreter(mode, Interpreter.MIN_SWITCH_INTERVAL, 2, calibration, true);
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int worker = w;
                threads.add(Thread.ofPlatform().name("eval-loop-warm-up-" + w).start(() -> runRounds(interpreter, worker)));
            }
            for (Thread t : threads) {
                t.join();
            }
            interpreter.drainStateChanges(change -> { });
        }
    }

    private static void runRounds(Interpreter interpreter, int worker) {
        PyThread thread = interpreter.attach(worker);
        try {
            for (int r = 0; r < ROUNDS; r++) {
                thread.run(PROGRAM, () -> false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            thread.detach();
        }
    }
}
