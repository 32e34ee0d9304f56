package lab.gil.process;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.CrashRequested;
import lab.gil.interpreter.GilMode;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.PyThread;
import lab.gil.interpreter.StateChange;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The inside of a worker process: one Python thread (a platform thread called {@code python-main}) that runs the
 * tasks the server sends, one at a time, and a reporter that sends its state changes about ten times a second.
 *
 * <p>Invariant: frames leave in order under {@link #sendLock}, and a task's last state changes are sent before its
 * {@link Message.TaskDone}. The interpreter of a run is created on the python-main thread and used only there.
 */
final class TaskHost {

    /**
     * How often state changes are sent to the server while a task runs: as often as the server publishes lanes
     * (ten times a second); more often would only wake 64 workers more often in an oversubscribed run.
     */
    private static final Duration REPORT_PERIOD = Duration.ofMillis(100);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Data passed by one task above which the worker collects its garbage right after the task. */
    private static final long BIG_DATA_BYTES = 8L * 1024 * 1024;

    /** Guards writes to {@link #out} and the drain-then-send of state changes, so frames never interleave. */
    private final ReentrantLock sendLock = new ReentrantLock();
    private final DataOutputStream out;
    /** A task as received, with the time its frame took to read: its arguments' transfer and unpickling. */
    private record Received(Message.RunTask task, long readNanos) {}

    /** Tasks waiting for the python-main thread; the server sends one at a time, so a few slots are plenty. */
    private final BlockingQueue<Received> tasks = new ArrayBlockingQueue<>(4);
    /** The interpreter of the current run; written by python-main, read by the reporter. */
    private volatile Interpreter interpreter;
    /** The run the interpreter belongs to; python-main only. */
    private long runId = Long.MIN_VALUE;
    /** The attached Python thread of the interpreter; python-main only. */
    private PyThread python;
    /** The run's queue, which lives in the server. */
    private final RemoteItemQueue queue = new RemoteItemQueue(this::send);
    /** Keeps the bytes of received data alive so that the JIT cannot drop the copies. */
    private volatile long sink;

    /** Whether python-main is running a task: the reporter sleeps only then, and parks in between. */
    private volatile boolean taskRunning;
    /** The reporter thread, unparked when a task starts. */
    private final Thread reporter;

    TaskHost(DataOutputStream out) {
        this.out = out;
        this.reporter = Thread.ofPlatform().name("state-reporter").daemon().start(this::report);
        Thread.ofPlatform().name("python-main").daemon().start(this::serve);
    }

    void submit(Message.RunTask task, long readNanos) {
        if (!tasks.offer(new Received(task, readNanos))) {
            throw new IllegalStateException("the server sent a task while four were waiting");
        }
    }

    RemoteItemQueue queue() {
        return queue;
    }

    void send(Message message) throws IOException {
        sendLock.lock();
        try {
            Wire.write(out, message);
        } finally {
            sendLock.unlock();
        }
    }

    private void serve() {
        try {
            while (true) {
                Received next = tasks.take();
                taskRunning = true;
                LockSupport.unpark(reporter);
                Ended ended;
                try {
                    ended = runTask(next);
                } finally {
                    taskRunning = false;
                }
                if (ended.passedBigData()) {
                    // CPython frees a big argument or result the moment the task lets go of it; a JVM keeps it
                    // until a collection, and a full heap would then be collected in the middle of a later copy.
                    // Collect now, with nothing of the task reachable, before reporting its end: the server may
                    // start the next copy as soon as it hears of it, and that copy must not wait for this
                    // collection. It takes a few milliseconds.
                    System.gc();
                }
                sendLast(ended.last());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The server has gone: the main thread sees the closed stdin and halts.
        }
    }

    /** How a task ended: its last message, not sent yet, and whether it passed enough data to collect it now. */
    private record Ended(Message last, boolean passedBigData) {}

    /** Runs one task; nothing it received or made is reachable once this returns. */
    private Ended runTask(Received next) throws InterruptedException, IOException {
        Message.RunTask task = next.task();
        boolean big = TaskProgram.parse(task.program()).bytesPassed() >= BIG_DATA_BYTES;
        try {
            return new Ended(run(task, next.readNanos()), big);
        } catch (RuntimeException e) {
            return new Ended(new Message.Failed(task.task(), String.valueOf(e.getMessage())), big);
        }
    }

    /** Runs a task and sends its results; answers its end, for the caller to send after the task's last states. */
    private Message.TaskDone run(Message.RunTask task, long readNanos) throws InterruptedException, IOException {
        Interpreter ip = interpreterFor(task);
        TaskProgram program = TaskProgram.parse(task.program());

        // The arguments were received (read from the pipe straight into objects of their own) with the task; the
        // shared buffers are attached here, each a mapping of the server's pages.
        // Then the receiver's work until the copy has cost what CPython's would: what is left of CPython's cost
        // once this copy's own is done, whatever it cost (into fresh memory or held memory, as this JVM's heap had
        // it: CPython's figure for the same copy holds its own fresh memory already).
        long unpickling = System.nanoTime();
        sink = chargeFor(task).burn(sink, task.argumentsChargeNanos() - readNanos); // nothing when not positive
        long attaching = System.nanoTime();
        for (String file : task.sharedFiles()) {
            sink += attach(Path.of(file));
        }
        long receive = (task.arguments().isEmpty() ? 0 : readNanos + attaching - unpickling)
                + (task.sharedFiles().isEmpty() ? 0 : System.nanoTime() - attaching);

        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        ProcStatus before = ProcStatus.ofCurrentThread();
        boolean finished;
        try {
            finished = python.run(program, () -> false);
        } catch (CrashRequested e) {
            System.err.println("worker " + ProcessHandle.current().pid() + ": crash step reached, dying");
            // The states it went through before dying are what its lane shows, however short the task was: an
            // observer of a real process would have seen it run. Then it dies at once, as os._exit(1) does.
            sendLastStates();
            Runtime.getRuntime().halt(1);
            throw e;
        }
        ProcStatus after = ProcStatus.ofCurrentThread();
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        // The task is done with its arguments. Their arrays (and the results', once sent) go back for the next
        // task's payloads of the same size, so that a worker copying the same sizes again and again writes into
        // memory it already holds, as Python's allocator reuses freed blocks.
        Wire.giveBack(task.arguments());

        List<byte[]> results = new ArrayList<>();
        for (Step step : program.steps()) {
            if (step instanceof Step.Recv recv) {
                byte[] result = Wire.payloadArray((int) recv.bytes());
                Arrays.fill(result, (byte) task.task());
                results.add(result);
            }
        }
        if (!results.isEmpty()) {
            send(new Message.Results(task.task(), results)); // pickled into the pipe as it goes; the server times it
            Wire.giveBack(results);
        }
        return new Message.TaskDone(task.task(), finished, cpu,
                after.voluntarySwitches() - before.voluntarySwitches(),
                after.involuntarySwitches() - before.involuntarySwitches(), ip.sharedCounter(), receive);
    }

    /** Sends a task's last state changes, then its last message. */
    private void sendLast(Message message) throws IOException {
        sendLock.lock();
        try {
            sendStates();
            Wire.write(out, message);
        } finally {
            sendLock.unlock();
        }
    }

    /** The task's calibration, whose kernel the worker burns charges with. */
    private static Calibration chargeFor(Message.RunTask task) {
        return new Calibration(task.nsPerIteration(), task.roundsPerIteration(), task.nsPerRound(),
                Calibration.Source.GIVEN).withWarmShare(task.warmShare());
    }

    /** The interpreter of the task's run: a new run gets a fresh one, with a fresh {@code counter}. */
    private Interpreter interpreterFor(Message.RunTask task) {
        if (task.runId() != runId || interpreter.switchInterval().toNanos() != task.switchIntervalNanos()) {
            if (python != null) {
                python.detach();
            }
            Interpreter fresh = new Interpreter(GilMode.GIL, Duration.ofNanos(task.switchIntervalNanos()), 1,
                    chargeFor(task), true, queue, sharedCounter(task.sharedCounterFile()));
            python = fresh.attach(0);
            interpreter = fresh;
            runId = task.runId();
        }
        return interpreter;
    }

    /** The run's counter in shared memory, or null when the run has none. */
    private static MappedCounter sharedCounter(String file) {
        try {
            return file.isEmpty() ? null : new MappedCounter(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the shared counter " + file, e);
        }
    }

    /** Maps a shared buffer and reads one byte of each end: the pages are the parent's, nothing is copied. */
    private static long attach(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            return buffer.get(0) + buffer.get(buffer.limit() - 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map the shared buffer " + file, e);
        }
    }

    /**
     * Sends state changes about ten times a second while a task runs, and parks while none does: an idle worker's
     * timer would otherwise wake it 20 times a second, which on a virtual machine cost about 4 ms of CPU a second
     * per worker, 0.3 s a second for 64 of them, all of it counted in an oversubscribed run.
     */
    private void report() {
        try {
            while (true) {
                if (!taskRunning) {
                    LockSupport.park(this); // unparked when a task starts; a spurious return just looks again
                    continue;
                }
                Thread.sleep(REPORT_PERIOD); // a fixed cadence while a task runs, not a wait for a condition
                sendLock.lock();
                try {
                    sendStates();
                } finally {
                    sendLock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The server has gone: the main thread sees the closed stdin and halts.
        }
    }

    /** Call only while holding {@link #sendLock}. */
    /** Sends the state changes not sent yet, if the pipe still takes them; for a worker about to die. */
    private void sendLastStates() {
        sendLock.lock();
        try {
            sendStates();
            out.flush();
        } catch (IOException serverGone) {
            // Nobody is left to show them to.
        } finally {
            sendLock.unlock();
        }
    }

    private void sendStates() throws IOException {
        Interpreter ip = interpreter;
        if (ip == null) {
            return;
        }
        List<StateChange> changes = new ArrayList<>();
        ip.drainStateChanges(changes::add);
        if (changes.isEmpty()) {
            return;
        }
        byte[] s = new byte[changes.size()];
        long[] t = new long[changes.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = (byte) changes.get(i).state().ordinal();
            t[i] = changes.get(i).nanoTime();
        }
        Wire.write(out, new Message.States(s, t, ip.worker(0).cpuIterationsDone(),
                ip.counters().droppedStateChanges()));
    }

    /** The AOT cache's training run: the classes and paths a real task uses, on a few milliseconds of work. */
    static void train() {
        try {
            DataOutputStream sinkOut = new DataOutputStream(java.io.OutputStream.nullOutputStream());
            TaskHost host = new TaskHost(sinkOut);
            Calibration c = new Calibration(50, 1, 1, Calibration.Source.GIVEN);
            Message.RunTask task = new Message.RunTask(1, 0, c.nsPerIteration(), c.roundsPerIteration(),
                    c.nsPerRound(), 0.7, 1_000, 5_000_000, "cpu 20000; io 1ms; incr 100; recv 1KB", List.of(),
                    List.of(new byte[16]), "");
            Wire.decode(Wire.encode(task));
            Wire.decode(Wire.encode(new Message.Sync()));
            Wire.decode(Wire.encode(new Message.Ready(1)));
            host.sendLast(host.run(task, 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
