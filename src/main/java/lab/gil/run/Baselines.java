package lab.gil.run;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest one-worker wall time measured for each piece of work, so that a run on N workers can say how much
 * faster it was. A baseline is used only while it is fresh: the machine's load changes, and a speedup compares
 * two measurements taken under the same conditions.
 */
final class Baselines {

    /** How long a one-worker measurement stands for the machine as it is now. */
    static final Duration FRESH_FOR = Duration.ofMinutes(2);

    /** The most distinct scenarios remembered; past it the table starts over, costing a re-measurement. */
    private static final int MAX_ENTRIES = 1_000;

    /** A one-worker wall time and when it was measured ({@link System#nanoTime()}). */
    private record Baseline(long wallNanos, long measuredAt) {}

    /** Baselines by {@link Scenario#key()} of the one-worker scenario. */
    private final Map<String, Baseline> byKey = new ConcurrentHashMap<>();

    /** The one-worker wall time of this work, if it was measured recently enough. */
    Optional<Long> wallNanos(Scenario oneWorker) {
        Baseline b = byKey.get(oneWorker.key());
        if (b == null || System.nanoTime() - b.measuredAt() > FRESH_FOR.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(b.wallNanos());
    }

    void record(Scenario oneWorker, long wallNanos) {
        if (byKey.size() >= MAX_ENTRIES) {
            byKey.clear();
        }
        byKey.put(oneWorker.key(), new Baseline(wallNanos, System.nanoTime()));
    }
}
