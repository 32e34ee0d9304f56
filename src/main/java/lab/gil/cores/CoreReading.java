package lab.gil.cores;

import java.util.ArrayList;
import java.util.List;

/**
 * One per-core sample as the stream sends it to pages: the sample's figures, and for each core whether this server
 * may run on it, so that the chart can mark the others as not its own.
 *
 * @param epochMillis when the sample was taken, in milliseconds since the epoch
 * @param cores       utilization of each logical core, 0 to 1
 * @param total       their mean: the whole machine's utilization
 * @param own         one flag per core: true when this server may run on it
 */
public record CoreReading(long epochMillis, List<Double> cores, double total, List<Boolean> own) {

    public CoreReading {
        cores = List.copyOf(cores);
        own = List.copyOf(own);
    }

    static CoreReading of(CoreSample sample, CoreOwnership ownership) {
        List<Boolean> own = new ArrayList<>(sample.coreCount());
        for (int i = 0; i < sample.coreCount(); i++) {
            own.add(ownership.owns(i));
        }
        return new CoreReading(sample.epochMillis(), sample.cores(), sample.total(), own);
    }
}
