package lab.gil.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.gil.interpreter.Calibration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Worker processes as the server sees them: started, spoken to in frames, reused, killed and ended. */
class WorkerPoolTest {

    /** A fixed cost per emulated iteration: these specs are about processes, not CPython's speed. */
    static final Calibration CALIBRATION = Calibration.forTarget(50, Calibration.Source.GIVEN);
    /** A warm worker's first task over its later ones, in CPU time: a cold JVM's is 2-3. */
    static final double WARM_FIRST_TASK_MAX_RATIO = 1.6;
    /** How long a worker may take to end after it was told to; only reached when something is broken. */
    static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path cacheDir;
    static WorkerPool pool;

    @BeforeAll
    static void startPool() throws Exception {
        pool = new WorkerPool(WorkerLauncher.create(cacheDir, false), 4);
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.shutdown();
    }

    static Message.RunTask task(long runId, int task, String program, List<byte[]> arguments) {
        return new Message.RunTask(runId, task, CALIBRATION.nsPerIteration(), CALIBRATION.roundsPerIteration(),
                CALIBRATION.nsPerRound(), CALIBRATION.warmShare(), 0, 5_000_000, program, List.of(), arguments, "");
    }

    /** Reads messages until the task's answer, skipping state batches and results. */
    static Message answer(WorkerProcess worker) throws Exception {
        return answer(worker, new java.util.ArrayList<>());
    }

    /** The same, keeping the results that came before the answer. */
    static Message answer(WorkerProcess worker, List<byte[]> results) throws Exception {
        while (true) {
            Message m = worker.receive().message();
            if (m instanceof Message.Results r) {
                results.addAll(r.results());
            } else if (!(m instanceof Message.States)) {
                return m;
            }
        }
    }

    static boolean gone(long pid) throws InterruptedException {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        try {
            handle.get().onExit().get(EXIT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return !handle.get().isAlive();
        }
    }

    @Test
    void aWorkerRunsATaskAndAnswersWithItsCpuTimeItsOwnCounterAndTheResultBytes() throws Exception {
        WorkerProcess worker = pool.lease(1).getFirst();
        try {
            assertThat(worker.readyTime()).isPositive();
            worker.send(task(1, 7, "cpu 200000; incr 1000; recv 64KB", List.of(new byte[1024])));
            List<byte[]> results = new java.util.ArrayList<>();
            var done = (Message.TaskDone) answer(worker, results);
            assertThat(done.task()).isEqualTo(7);
            assertThat(done.finished()).isTrue();
            assertThat(done.threadCpuNanos()).as("the worker burnt real CPU").isPositive();
            assertThat(done.counter()).as("the process's own counter").isEqualTo(1000);
            assertThat(results).singleElement().extracting(r -> r.length).isEqualTo(64 * 1024);
            assertThat(done.receiveNanos()).as("receiving the argument was timed").isPositive();

            worker.send(task(1, 8, "incr 500", List.of()));
            assertThat(((Message.TaskDone) answer(worker)).counter()).as("a counter lives as long as its run").isEqualTo(1500);
            worker.send(task(2, 0, "incr 5", List.of()));
            assertThat(((Message.TaskDone) answer(worker)).counter()).as("a new run gets a fresh interpreter").isEqualTo(5);
        } finally {
            pool.release(List.of(worker));
        }
    }

    @Test
    void everyMessageRoundTripsThroughItsFrame() throws Exception {
        List<Message> messages = List.of(new Message.Sync(), new Message.Ready(42), new Message.Clock(-7),
                new Message.QueuePut(), new Message.QueueTake(), new Message.QueueItem(true),
                new Message.Failed(3, "boom"), new Message.TaskDone(1, true, 2, 3, 4, 5, 6),
                new Message.States(new byte[] {1, 2}, new long[] {10, 20}, 99, 1));
        for (Message m : messages) {
            Message back = Wire.decode(Wire.encode(m));
            if (m instanceof Message.States s) {
                var b = (Message.States) back;
                assertThat(b.states()).containsExactly(s.states());
                assertThat(b.nanoTimes()).containsExactly(s.nanoTimes());
                assertThat(b.cpuIterationsDone()).isEqualTo(99);
            } else {
                assertThat(back).isEqualTo(m);
            }
        }
        var task = (Message.RunTask) Wire.decode(Wire.encode(task(9, 4, "send 3B", List.of(new byte[] {1, 2, 3}))));
        assertThat(task.program()).isEqualTo("send 3B");
        assertThat(task.arguments()).singleElement().isEqualTo(new byte[] {1, 2, 3});
        var results = (Message.Results) Wire.decode(Wire.encode(new Message.Results(4, List.of(new byte[5]))));
        assertThat(results.results()).singleElement().extracting(r -> r.length).isEqualTo(5);
    }

    @Test
    void aFrameLongerThanTheLimitIsRefused() {
        var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0, 1}));
        assertThatThrownBy(() -> Wire.read(in)).isInstanceOf(java.io.IOException.class).hasMessageContaining("bad frame length");
    }

    @Test
    void aLeasedWorkerHasRunItsWarmUpAndAWorkerStartedForOneTaskHasNot() throws Exception {
        WorkerPool own = new WorkerPool(WorkerLauncher.create(cacheDir, false), 4);
        try {
            WorkerProcess leased = own.lease(1).getFirst();
            assertThat(leased.isWarm()).as("a pooled worker compiles its eval loop before any run's clock").isTrue();
            assertThat(leased.warmUpTime()).isPositive();
            assertThat(own.startup().medianWarmUpTime()).as("the warm-up is measured apart").isEqualTo(leased.warmUpTime());
            // A fresh JVM's first task of 300,000 iterations costs it 2-3 times the CPU of the next (measured here:
            // 13-18 ms against 6); thread CPU time, so that other processes on the cores do not count.
            List<Long> cpu = new java.util.ArrayList<>();
            for (int t = 0; t < 5; t++) {
                leased.send(task(6, t, "cpu 300000", List.of()));
                cpu.add(((Message.TaskDone) answer(leased)).threadCpuNanos());
            }
            long laterMedian = cpu.subList(1, 5).stream().sorted().toList().get(2);
            assertThat((double) cpu.getFirst() / laterMedian).as("the first task runs at full speed: %s", cpu)
                    .isLessThan(WARM_FIRST_TASK_MAX_RATIO);

            WorkerProcess cold = own.startOne();
            assertThat(cold.isWarm()).as("a process per task pays for its cold JIT, as its start does").isFalse();
            own.release(List.of(cold));
            assertThat(own.pids()).as("a cold worker is never kept for a pooled run").doesNotContain(cold.pid());
            own.release(List.of(leased));
        } finally {
            own.shutdown();
        }
    }

    @Test
    void aReleasedWorkerIsReusedByTheNextLease() throws Exception {
        WorkerProcess first = pool.lease(1).getFirst();
        pool.release(List.of(first));
        WorkerProcess second = pool.lease(1).getFirst();
        pool.release(List.of(second));
        assertThat(second.pid()).isEqualTo(first.pid());
    }

    @Test
    void aKilledWorkerEndsItsStreamAndSaysHowItDied() throws Exception {
        WorkerProcess worker = pool.lease(1).getFirst();
        worker.send(task(3, 0, "io 30s", List.of()));
        worker.kill();
        assertThatThrownBy(() -> answer(worker)).as("killing closes the pipes").isInstanceOf(java.io.IOException.class);
        assertThat(worker.deathCause()).isEqualTo("killed by signal 9");
        pool.release(List.of(worker));
        assertThat(pool.pids()).doesNotContain(worker.pid());
    }

    @Test
    void aCrashStepEndsTheWorkerAloneWithExitCodeOne() throws Exception {
        List<WorkerProcess> two = pool.lease(2);
        try {
            two.get(0).send(task(4, 0, "cpu 1000; crash", List.of()));
            assertThatThrownBy(() -> answer(two.get(0))).isInstanceOf(EOFException.class);
            assertThat(two.get(0).deathCause()).isEqualTo("exit code 1");
            two.get(1).send(task(4, 1, "cpu 1000", List.of()));
            assertThat(answer(two.get(1))).as("the other worker is unaffected").isInstanceOf(Message.TaskDone.class);
        } finally {
            pool.release(two);
        }
    }

    @Test
    void aWorkerWhoseStdinClosesExits() throws Exception {
        WorkerProcess worker = pool.startOne();
        long pid = worker.pid();
        pool.discard(worker);
        assertThat(gone(pid)).isTrue();
    }

    @Test
    void afterShutdownNoWorkerOfThePoolIsAlive() throws Exception {
        WorkerPool own = new WorkerPool(WorkerLauncher.create(cacheDir, false), 4);
        List<WorkerProcess> leased = own.lease(3);
        own.release(leased.subList(0, 1));
        leased.get(1).send(task(5, 0, "io 30s", List.of())); // busy when the server goes
        List<Long> pids = own.pids();
        assertThat(pids).hasSize(3);
        own.shutdown();
        for (long pid : pids) {
            assertThat(gone(pid)).as("worker %d ended", pid).isTrue();
        }
        assertThatThrownBy(() -> own.lease(1)).isInstanceOf(IllegalStateException.class);
    }
}
