package lab.gil.interpreter;

/**
 * Where a {@code counter} lives: a plain value read and written as separate operations, never atomically. The
 * interpreter's own {@code counter} is one; a counter in shared memory that several worker processes map, like a
 * {@code multiprocessing.Value} used without its lock, is another.
 */
public interface CounterCell {

    /** {@code LOAD counter}. */
    long load();

    /** {@code STORE counter}. */
    void store(long newValue);
}
