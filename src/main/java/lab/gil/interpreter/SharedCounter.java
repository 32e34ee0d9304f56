package lab.gil.interpreter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The Python object {@code counter} that {@code incr} steps update: a plain value read and written as separate
 * operations, never atomically, so that only the GIL's check points decide whether updates are lost.
 *
 * <p>Reads and writes are opaque: each one really goes to memory (the JIT may neither merge nor hoist them out of a
 * loop), yet nothing orders a read and the following write of another thread, exactly like {@code LOAD} and
 * {@code STORE} of a free-threaded interpreter without a lock.
 */
final class SharedCounter implements CounterCell {

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SharedCounter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The counter's value; accessed only through {@link #VALUE} in opaque mode. */
    @SuppressWarnings("unused")
    private long value;

    @Override
    public long load() {
        return (long) VALUE.getOpaque(this);
    }

    @Override
    public void store(long newValue) {
        VALUE.setOpaque(this, newValue);
    }
}
