package lab.gil.cores;

/**
 * Receives every {@link CoreSample} the {@link CoreSampler} takes, on the sampler's own thread.
 *
 * <p>Contract: return quickly (enqueue and return). The sampler has one thread for every viewer, so a listener that
 * blocks delays the samples of everybody; one that throws is logged and keeps its subscription.
 */
@FunctionalInterface
public interface CoreSampleListener {

    void onSample(CoreSample sample);
}
