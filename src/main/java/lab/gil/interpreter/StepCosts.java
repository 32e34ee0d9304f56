package lab.gil.interpreter;

/**
 * What the counter steps cost in CPython, in iterations of the seed's countdown ({@code while n > 0: n -= 1}), the
 * unit the emulation is calibrated in: so that an {@code incr} loop, a call and a lock cost here what they cost in
 * CPython next to the countdown, on any machine whose countdown the calibration measured.
 *
 * <p>Measured with CPython 3.11.7 on the lab's 2-core server, {@code python3 -S stepcosts.py 15} (the script is in
 * the notes of issue 16): fresh functions called once each, as a lesson's thread calls them, the four loops
 * interleaved, each ratio taken within one round, the median of the rounds.
 */
public final class StepCosts {

    /** One iteration of {@code for _ in range(n): counter += 1} on a global {@code counter}. */
    public static final double INCREMENT = 1.55;
    /**
     * What a call of an empty Python function adds: {@code value = counter; note(); counter = value + 1} against
     * {@code counter += 1}.
     */
    public static final double CALL = 0.55;
    /**
     * What {@code with lock:} around {@code counter += 1} adds when nobody else holds the lock: looking up and
     * calling {@code lock.__enter__} and {@code lock.__exit__}, and the lock's own acquire and release. gevent's
     * {@code gevent.lock.BoundedSemaphore} costs about the same (Debian's python3-gevent).
     */
    public static final double LOCK = 7.8;

    private StepCosts() {}

    /** Kernel rounds that cost {@code iterations} countdown iterations under {@code calibration} (at least one). */
    public static long rounds(Calibration calibration, double iterations) {
        return Math.max(1, Math.round(calibration.roundsPerIteration() * iterations));
    }
}
