package lab.gil.cores;

/**
 * Which of the cores the kernel lists this server may run on (its CPU affinity): the others belong to the machine,
 * not to the server, and the per-core chart marks them so. Every core is the server's when no bean says otherwise.
 */
@FunctionalInterface
public interface CoreOwnership {

    /** Every core the server's own. */
    CoreOwnership ALL = core -> true;

    /** Whether this server may run on the core the kernel numbers {@code core}. */
    boolean owns(int core);
}
