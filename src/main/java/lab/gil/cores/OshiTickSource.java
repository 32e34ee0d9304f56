package lab.gil.cores;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.CentralProcessor.TickType;
import oshi.util.GlobalConfig;

/**
 * Per-core CPU ticks read through OSHI, which covers Linux, macOS and Windows alike.
 *
 * <p>Invariant: every {@link #read} asks the operating system afresh; construction fails if OSHI would serve cached
 * ticks instead.
 */
final class OshiTickSource implements CoreTickSource {

    /*
     * OSHI memoizes getProcessorCpuLoadTicks for oshi.util.memoizer.expiration ms (300 by default), which would hand
     * a 10 Hz sampler the same ticks three times in a row. A time-to-live of 0 makes OSHI's Memoizer refresh on every
     * call. OSHI reads this setting when a processor object is created (and remembers the setting itself for a
     * minute), so it must be set before the first SystemInfo of the JVM asks for a processor.
     */
    private static final String NO_CACHING = "0";

    /** OSHI's view of the processor; its tick query is thread-safe. */
    private final CentralProcessor processor;

    /** Number of logical cores, fixed at start-up. */
    private final int coreCount;

    OshiTickSource() {
        GlobalConfig.set(GlobalConfig.OSHI_UTIL_MEMOIZER_EXPIRATION, NO_CACHING);
        this.processor = new SystemInfo().getHardware().getProcessor();
        this.coreCount = processor.getLogicalProcessorCount();
        requireFreshTicks();
    }

    @Override
    public int coreCount() {
        return coreCount;
    }

    @Override
    public void read(long[] busy, long[] idle) {
        long[][] ticks = processor.getProcessorCpuLoadTicks();
        int cores = Math.min(coreCount, ticks.length);
        for (int core = 0; core < cores; core++) {
            long[] t = ticks[core];
            busy[core] = t[TickType.USER.getIndex()] + t[TickType.NICE.getIndex()] + t[TickType.SYSTEM.getIndex()]
                    + t[TickType.IRQ.getIndex()] + t[TickType.SOFTIRQ.getIndex()] + t[TickType.STEAL.getIndex()];
            idle[core] = t[TickType.IDLE.getIndex()] + t[TickType.IOWAIT.getIndex()];
        }
    }

    /* OSHI's memoizer returns the very same array while its cached value is valid: two reads in a row must differ. */
    private void requireFreshTicks() {
        long[][] first = processor.getProcessorCpuLoadTicks();
        long[][] second = processor.getProcessorCpuLoadTicks();
        if (first == second) {
            throw new IllegalStateException("OSHI serves cached CPU ticks, so per-core samples would repeat:"
                    + " something created an OSHI processor before the core sampler set "
                    + GlobalConfig.OSHI_UTIL_MEMOIZER_EXPIRATION + "=0. Create the CoreSampler first, or set that"
                    + " property (in oshi.properties or with GlobalConfig.set) before any other use of OSHI.");
        }
    }
}
