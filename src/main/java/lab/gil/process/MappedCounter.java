package lab.gil.process;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import lab.gil.interpreter.CounterCell;

/**
 * A {@code counter} in shared memory: eight bytes of a file in {@code /dev/shm} that every worker process of a run
 * maps, like a {@code multiprocessing.Value('q')} used without its lock.
 *
 * <p>Reads and writes are opaque, as the interpreter's own counter's are: each really goes to the shared page, and
 * nothing orders one process's read and another's write, so concurrent increments are lost as in Python.
 */
public final class MappedCounter implements CounterCell {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    /** The mapped page; only the first eight bytes are used. */
    private final MappedByteBuffer page;

    /** Maps the counter in {@code file}, which must hold at least eight bytes. */
    public MappedCounter(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            this.page = channel.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
        }
    }

    @Override
    public long load() {
        return (long) LONGS.getOpaque(page, 0);
    }

    @Override
    public void store(long newValue) {
        LONGS.setOpaque(page, 0, newValue);
    }
}
