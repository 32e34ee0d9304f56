package lab.gil.cores;

/**
 * A listener's registration with the {@link CoreSampler}; closing it unsubscribes.
 *
 * <p>Invariant: once {@link #close()} has returned, the listener receives no further samples.
 * Closing twice is harmless.
 */
public interface Subscription extends AutoCloseable {

    /** Unsubscribes; waits for a delivery to this listener already under way to return, so listeners must be quick. */
    @Override
    void close();
}
