package lab.gil.run;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest one-worker wall time measured for each piece of work, so that a run on N workers can say how much
 * faster it was. Kept for as long as the server runs; bounded by the number of distinct scenarios run.
 */
final class Baselines {

    /** The most distinct scenarios remembered; past it the table starts over, costing a re-measurement. */
    private static final int MAX_ENTRIES = 1_000;

    /** Wall nanoseconds by {@link Scenario#key()} of the one-worker scenario. */
    private final Map<String, Long> wallNanosByKey = new ConcurrentHashMap<>();

    Optional<Long> wallNanos(Scenario oneWorker) {
        return Optional.ofNullable(wallNanosByKey.get(oneWorker.key()));
    }

    void record(Scenario oneWorker, long wallNanos) {
        if (wallNanosByKey.size() >= MAX_ENTRIES) {
            wallNanosByKey.clear();
        }
        wallNanosByKey.put(oneWorker.key(), wallNanos);
    }
}
