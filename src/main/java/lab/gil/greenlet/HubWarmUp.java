package lab.gil.greenlet;

import java.io.IOException;
import java.time.Duration;
import lab.gil.interpreter.Calibration;
import lab.gil.program.TaskProgram;

/**
 * Runs a hub of the most greenlets once with each kind of wait before the first real run.
 *
 * <p>Why: the hub's loop and a greenlet's hand-over run twenty thousand times in a run of ten thousand waits; the
 * first such run in a fresh JVM spent two seconds of CPU in code the JIT had not compiled yet (four seconds of wall
 * time for ten thousand one-second waits), the next ones about a tenth of a second.
 */
public final class HubWarmUp {

    private static final TaskProgram PROGRAM = TaskProgram.parse("cpu 1000; io 1ms; incr 100; incr-lock 100; io 1ms");
    private static final Duration LONGEST = Duration.ofSeconds(30);

    private HubWarmUp() {}

    /** Runs the warm-up; returns once every greenlet has ended (or after half a minute on a starved machine). */
    public static void run(Calibration calibration) throws InterruptedException {
        for (WaitKind kind : WaitKind.values()) {
            try (Hub hub = new Hub(Hub.MAX_GREENLETS, calibration, kind, true)) {
                hub.start(Hub.MAX_GREENLETS, task -> PROGRAM);
                long deadline = System.nanoTime() + LONGEST.toNanos();
                while (!hub.awaitEnd(Duration.ofMillis(100)) && System.nanoTime() - deadline < 0) {
                    hub.drainStateChanges(change -> { }); // as a run's observer does
                }
            } catch (IOException e) {
                return; // no loopback socket: the first greenlet run will say so
            }
        }
    }
}
