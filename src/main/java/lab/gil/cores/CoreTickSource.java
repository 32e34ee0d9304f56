package lab.gil.cores;

/**
 * A source of cumulative CPU time per logical core, split into busy and idle ticks.
 *
 * <p>Invariant: {@link #coreCount()} never changes; {@link #read} fills exactly that many entries. Counters only grow,
 * except when the operating system resets them (a core taken offline and back), which callers must tolerate.
 */
interface CoreTickSource {

    int coreCount();

    /**
     * Stores each core's cumulative busy ticks (user, nice, system, irq, softirq, steal) in {@code busy} and idle ticks
     * (idle, iowait) in {@code idle}; both arrays have {@link #coreCount()} entries.
     */
    void read(long[] busy, long[] idle);
}
