package lab.gil.run.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The shared memory blocks of one run, one per size its {@code share} steps name, as
 * {@code multiprocessing.shared_memory.SharedMemory} creates them: files in {@code /dev/shm} (a RAM file system)
 * where it exists, written once by the server, mapped by every worker.
 *
 * <p>Invariant: created before the run's first task and deleted by {@link #close()} after its last.
 */
final class SharedBuffers implements AutoCloseable {

    private static final Path SHM = Path.of("/dev/shm");
    private static final int FILL_CHUNK = 1 << 20;

    /** The file of each size. */
    private final Map<Long, Path> files = new HashMap<>();
    /** The run's counter in shared memory, for {@code incr-shared} steps; null when no program has one. */
    private Path counterFile;

    SharedBuffers(List<TaskProgram> programs) throws IOException {
        try {
            if (programs.stream().flatMap(p -> p.steps().stream()).anyMatch(s -> s instanceof Step.SharedIncrement)) {
                counterFile = create(Long.BYTES);
                Files.write(counterFile, new byte[Long.BYTES]); // the counter starts at 0
            }
            for (TaskProgram program : programs) {
                for (Step step : program.steps()) {
                    if (step instanceof Step.Share share && !files.containsKey(share.bytes())) {
                        files.put(share.bytes(), create(share.bytes()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The files a task of {@code program} maps, in the order of its share steps. */
    List<String> filesFor(TaskProgram program) {
        return program.steps().stream().filter(s -> s instanceof Step.Share)
                .map(s -> files.get(((Step.Share) s).bytes()).toString()).toList();
    }

    /** The counter file's path for the workers, or empty when the run has no counter in shared memory. */
    String counterFile() {
        return counterFile == null ? "" : counterFile.toString();
    }

    /** The value of the counter in shared memory now, or -1 when the run has none. */
    long counterValue() throws IOException {
        return counterFile == null ? -1 : new lab.gil.process.MappedCounter(counterFile).load();
    }

    private static Path create(long bytes) throws IOException {
        // A container's /dev/shm is often only 64 MB: fall back to the temp folder, whose pages the OS caches in RAM.
        boolean shmFits = Files.isDirectory(SHM) && Files.isWritable(SHM)
                && Files.getFileStore(SHM).getUsableSpace() > 2 * bytes;
        Path dir = shmFits ? SHM : Path.of(System.getProperty("java.io.tmpdir"));
        Path file = Files.createTempFile(dir, "gil-lab-shared-", ".bin");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(bytes, FILL_CHUNK));
            for (int i = 0; i < chunk.capacity(); i++) {
                chunk.put(i, (byte) i);
            }
            for (long written = 0; written < bytes; ) {
                chunk.clear().limit((int) Math.min(chunk.capacity(), bytes - written));
                written += channel.write(chunk);
            }
        }
        return file;
    }

    @Override
    public void close() {
        if (counterFile != null) {
            files.put(-1L, counterFile);
            counterFile = null;
        }
        for (Path file : files.values()) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover in /dev/shm or the temp dir is harmless; the next boot clears it.
            }
        }
        files.clear();
    }
}
