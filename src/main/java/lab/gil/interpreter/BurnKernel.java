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
