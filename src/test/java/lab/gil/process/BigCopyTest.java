package lab.gil.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 100 MB crossing to and from a real worker process: all of it arrives, and only once in the receiver's memory. */
class BigCopyTest {

    private static final int HUNDRED_MB = 100 * 1024 * 1024;
    /** The most a worker's resident memory may grow beyond the argument itself: one copy, never two. */
    private static final long ROOM_BESIDE_ONE_COPY = HUNDRED_MB / 2;

    @TempDir
    static Path cacheDir;

    @Test
    void a100MbArgumentReachesTheWorkerAsOneCopyAndA100MbResultComesBackWhole() throws Exception {
        try (WorkerProcess worker = WorkerProcess.start(WorkerLauncher.create(cacheDir, false))) {
            long idleRss = worker.status().rssBytes();

            worker.send(WorkerPoolTest.task(1, 0, "send 100MB", List.of(new byte[HUNDRED_MB])));
            var sent = (Message.TaskDone) WorkerPoolTest.answer(worker);
            long grown = worker.status().peakRssBytes() - idleRss;

            assertThat(sent.finished()).isTrue();
            assertThat(sent.receiveNanos()).as("receiving the argument was timed").isPositive();
            assertThat(grown).as("the worker's memory held the whole argument, once (grew by %d MiB)", grown >> 20)
                    .isBetween((long) HUNDRED_MB * 9 / 10, HUNDRED_MB + ROOM_BESIDE_ONE_COPY);

            List<byte[]> results = new ArrayList<>();
            worker.send(WorkerPoolTest.task(1, 1, "recv 100MB", List.of()));
            var received = (Message.TaskDone) WorkerPoolTest.answer(worker, results);
            assertThat(received.finished()).isTrue();
            assertThat(results).singleElement().satisfies(r -> {
                assertThat(r).hasSize(HUNDRED_MB);
                assertThat(r[HUNDRED_MB - 1]).as("the task's result, to its last byte").isEqualTo((byte) 1);
            });
        }
    }
}
