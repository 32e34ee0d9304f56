package lab.gil.process;

import java.lang.ref.SoftReference;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The arrays received payloads are read into: a new one, or one of the same length that a receiver gave back once
 * it had counted it. A receiver that keeps no payload (the server, which only counts results) gives each back, so
 * that receiving big data again and again writes into memory this process already holds instead of touching fresh
 * memory each time: a JVM does not reuse a dead 100 MB array before a collection, where Python's allocator hands
 * a freed block out again. Fresh memory is what a copy costs most on a virtual machine whose host serves every
 * first touch of a page (the copying-vs-sharing lesson).
 *
 * <p>Invariant: an array is handed out to one receiver at a time; at most {@link #keptBytes} bytes are kept, held
 * softly so that the JVM may take them back when memory is short.
 */
final class PayloadArrays {

    /** Guarded by this: arrays given back, the most recent first. */
    private final Deque<SoftReference<byte[]>> kept = new ArrayDeque<>();
    /** The most bytes kept at once. */
    private final long keptBytes;

    PayloadArrays(long keptBytes) {
        this.keptBytes = keptBytes;
    }

    /** An array of exactly {@code length} bytes: one given back if there is one, else a new one. */
    byte[] take(int length) {
        synchronized (this) {
            for (Iterator<SoftReference<byte[]>> it = kept.iterator(); it.hasNext(); ) {
                byte[] array = it.next().get();
                if (array == null || array.length == length) {
                    it.remove();
                    if (array != null) {
                        return array;
                    }
                }
            }
        }
        return new byte[length];
    }

    /** Gives an array back for a later payload of its length; the caller must not use it any more. */
    void giveBack(byte[] array) {
        synchronized (this) {
            kept.addFirst(new SoftReference<>(array));
            long total = 0;
            for (Iterator<SoftReference<byte[]>> it = kept.iterator(); it.hasNext(); ) {
                byte[] a = it.next().get();
                if (a == null || total + a.length > keptBytes) {
                    it.remove(); // the oldest go first
                } else {
                    total += a.length;
                }
            }
        }
    }
}
