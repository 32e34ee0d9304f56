package lab.gil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The frames on a worker's pipes: big payloads go from the sender's object to the receiver's, with no frame between. */
class WireTest {

    private static final int MB = 1024 * 1024;
    /** What a big payload may cost beyond its own bytes when it is written or read: headers and slices, never a copy. */
    private static final long OVERHEAD_BYTES = 2L * MB;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** An output stream that keeps nothing but which arrays it was handed and the largest write. */
    private static final class RecordingStream extends OutputStream {
        final Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytes;
        int largestWrite;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            arrays.add(b);
            bytes += len;
            largestWrite = Math.max(largestWrite, len);
        }
    }

    private static Message.RunTask taskWith(List<byte[]> arguments) {
        return WorkerPoolTest.task(1, 0, "send 1B", arguments);
    }

    @Test
    void anArgumentIsWrittenFromItsOwnArrayInSlicesWithoutBeingCopiedIntoAFrame() throws IOException {
        byte[] argument = new byte[10 * MB];
        RecordingStream pipe = new RecordingStream();
        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        Wire.write(new DataOutputStream(pipe), taskWith(List.of(argument)));
        allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;

        assertThat(pipe.arrays).as("the argument's own bytes went to the pipe").contains(argument);
        assertThat(pipe.largestWrite).as("no write larger than a slice").isLessThanOrEqualTo(Wire.SLICE_BYTES);
        assertThat(pipe.bytes).isGreaterThan(argument.length);
        assertThat(allocated).as("writing allocated no frame around the argument").isLessThan(OVERHEAD_BYTES);
    }

    @Test
    void aReceivedPayloadIsReadIntoOneNewObjectAndNothingElseAsBig() throws IOException {
        byte[] result = new byte[20 * MB];
        result[0] = 1;
        result[result.length - 1] = 2;
        byte[] frame = Wire.encode(new Message.Results(3, List.of(result)));
        DataInputStream pipe = new DataInputStream(new ByteArrayInputStream(frame));

        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        Wire.Received received = Wire.read(pipe);
        allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;

        var back = (Message.Results) received.message();
        assertThat(back.results()).singleElement().satisfies(r -> {
            assertThat(r).hasSize(result.length).isNotSameAs(result);
            assertThat(r[0]).isEqualTo((byte) 1);
            assertThat(r[r.length - 1]).isEqualTo((byte) 2);
        });
        assertThat(received.frameBytes()).as("the frame, but for its length").isEqualTo(frame.length - Integer.BYTES);
        assertThat(allocated).as("one copy of the result, not a frame and then a copy")
                .isBetween((long) result.length, result.length + OVERHEAD_BYTES);
    }

    @Test
    void aPayloadGivenBackIsWhatTheNextPayloadOfItsLengthIsReadIntoSoNoFreshMemoryIsTouched() throws IOException {
        byte[] frame = Wire.encode(new Message.Results(1, List.of(new byte[3 * MB])));
        byte[] first = ((Message.Results) Wire.decode(frame)).results().getFirst();
        Wire.giveBack(List.of(first));

        long allocated = THREADS.getCurrentThreadAllocatedBytes();
        byte[] second = ((Message.Results) Wire.decode(frame)).results().getFirst();
        allocated = THREADS.getCurrentThreadAllocatedBytes() - allocated;
        byte[] third = ((Message.Results) Wire.decode(frame)).results().getFirst();

        assertThat(second).as("read into the array given back").isSameAs(first);
        assertThat(allocated).as("no new array for it").isLessThan(MB);
        assertThat(third).as("an array is handed out once until it is given back again").isNotSameAs(second);
    }

    @Test
    void severalPayloadsKeepTheirOrderAndSizes() throws IOException {
        List<byte[]> arguments = List.of(new byte[] {1}, new byte[0], new byte[Wire.SLICE_BYTES + 3]);
        arguments.get(2)[Wire.SLICE_BYTES + 2] = 9;
        var back = (Message.RunTask) Wire.decode(Wire.encode(taskWith(arguments)));
        List<Integer> sizes = new ArrayList<>();
        back.arguments().forEach(a -> sizes.add(a.length));
        assertThat(sizes).containsExactly(1, 0, Wire.SLICE_BYTES + 3);
        assertThat(back.arguments().get(0)[0]).isEqualTo((byte) 1);
        assertThat(back.arguments().get(2)[Wire.SLICE_BYTES + 2]).isEqualTo((byte) 9);
        assertThat(back.program()).isEqualTo("send 1B");
    }

    @Test
    void aFrameWhoseHeaderClaimsMorePayloadThanItHoldsIsRefused() throws IOException {
        byte[] frame = Wire.encode(new Message.Results(3, List.of(new byte[100])));
        // Shorten the frame's declared length by one byte: its payload no longer fits in it.
        frame[3]--;
        DataInputStream pipe = new DataInputStream(new ByteArrayInputStream(frame));
        assertThatThrownBy(() -> Wire.read(pipe)).isInstanceOf(IOException.class)
                .hasMessageContaining("longer than their frame");
    }

    @Test
    void aMessageTooBigForAFrameIsRefusedBeforeAnythingIsWritten() {
        RecordingStream pipe = new RecordingStream();
        byte[] big = new byte[Wire.MAX_FRAME_BYTES / 2];
        assertThatThrownBy(() -> Wire.write(new DataOutputStream(pipe), taskWith(List.of(big, big))))
                .isInstanceOf(IOException.class).hasMessageContaining("allowed");
        assertThat(pipe.bytes).isZero();
    }
}
