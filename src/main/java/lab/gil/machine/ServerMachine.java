package lab.gil.machine;

import lab.gil.cores.CoreOwnership;

/**
 * This server's machine, as lessons, answers and the speedup limit read it: the cores it may use, the cores the
 * kernel lists, its measured parallel capacity and what work costs here ({@link MachineFacts}).
 *
 * <p>Invariant: {@link #facts()} is always a whole, immutable snapshot. It starts with what the operating system
 * says at once and is replaced, once, when the measurements made after start-up are in.
 */
public final class ServerMachine implements CoreOwnership {

    /** The facts now; replaced whole, once, when measured. */
    private volatile MachineFacts facts;

    public ServerMachine(MachineFacts facts) {
        this.facts = facts;
    }

    /** The facts of this JVM's machine, before anything is measured: for servers and tests without a sampler. */
    public static ServerMachine ofThisProcess(int listedCores) {
        return new ServerMachine(MachineFacts.unmeasured(CpuAllowance.ofThisProcess(), listedCores));
    }

    public MachineFacts facts() {
        return facts;
    }

    /** Whether this server may run on the kernel's core {@code core}: the per-core chart marks the others. */
    @Override
    public boolean owns(int core) {
        return facts.owns(core);
    }

    /** Publishes what was measured after start-up. */
    void measured(double[] capacity, ServerCosts costs) {
        facts = facts.measured(capacity, costs);
    }
}
