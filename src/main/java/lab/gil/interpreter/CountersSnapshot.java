package lab.gil.interpreter;

import java.util.List;

/**
 * The GIL figures of an interpreter at one moment: per worker (index = worker index), their sum, and how many times
 * the GIL passed from one thread to another ({@code switch_number}, summed over all GILs in per-interpreter mode).
 */
public record CountersSnapshot(List<GilCounters> perWorker, GilCounters total, long gilSwitches,
                               long droppedStateChanges) {

    public CountersSnapshot {
        perWorker = List.copyOf(perWorker);
    }
}
