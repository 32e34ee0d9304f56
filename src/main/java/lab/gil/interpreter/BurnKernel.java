package lab.gil.interpreter;

/**
 * A fixed amount of real CPU work that the JIT cannot remove or shorten: rounds of an xorshift generator, each
 * depending on the one before.
 *
 * <p>Public for the greenlet engine, whose greenlets burn the same calibrated work.
 *
 * <p>Work is counted in rounds, not in clock time, so that a step keeps its cost when threads outnumber cores
 * and then really takes longer, as C code does.
 */
public final class BurnKernel {

    /** A non-zero seed: zero is xorshift's fixed point. */
    public static final long SEED = 0x9E3779B97F4A7C15L;

    private BurnKernel() {
    }

    /** Calls of the kernel that make a fresh JVM's JIT compile it (C1 queues a method after a few hundred calls). */
    private static final int WARM_UP_CALLS = 3_000;

    /**
     * Calls the kernel often enough for the JIT to compile it, for a fresh JVM (a worker process) before its first
     * task: else the first long charge of a fresh worker runs the kernel in the interpreter from start to end (the
     * JVM does not replace a running loop of it here), at about 6 ns a round against the 2 its fit measured (a fresh
     * JVM with the workers' flags, 1.24 M rounds, a 2.5 ms copy charge: 7.5 ms cold, 2.4 ms after these calls). About
     * 0.3 ms, interpreted.
     */
    public static long warmUp() {
        long x = SEED;
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            x = burn(x, 16);
        }
        return x;
    }

    /** Runs {@code rounds} rounds from state {@code x} and returns the new state, which the caller must keep. */
    public static long burn(long x, long rounds) {
        for (long i = 0; i < rounds; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
