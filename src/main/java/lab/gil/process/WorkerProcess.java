package lab.gil.process;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The server's handle on one worker process: it started the process, holds the pipes of its stdin and stdout, and
 * knows the offset between the worker's clock and its own.
 *
 * <p>Invariant: at most one thread talks to a worker at a time (the one running its task); {@link #kill()} and the
 * figures may be called from any thread. A worker is closed exactly once, by closing its stdin or killing it.
 */
public final class WorkerProcess implements AutoCloseable {

    /** How long a worker may take to answer "ready" before it is killed; JVMs start in about 50 ms here. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    /** How long a closed worker gets to exit on its own before it is killed. */
    static final Duration EXIT_GRACE = Duration.ofSeconds(2);

    /**
     * The warm-up: every step kind a pooled run uses, the loop of {@code cpu} seven times per task (the most
     * steps a program may have is 16). Queue steps are left out: they need a run's queue in the server.
     */
    static final String WARM_UP_PROGRAM = "cpu 2000; incr 200; cpu 2000; incr-call 100; cpu 2000; native 20us;"
            + " cpu 2000; builtin 20us; cpu 2000; io 20us; cpu 2000; send 1KB; recv 1KB; incr-lock 200; incr-call 100;"
            + " cpu 2000";
    /**
     * Warm-up tasks in a row: C1 compiles a method once it has been called more than 100 times (with its loops
     * already hot, {@code -XX:Tier3MinInvocationThreshold}), so 16 tasks of seven {@code cpu} steps compile the
     * eval loop's entry as well as its loop; each task is a round trip, which a busy machine makes slow.
     */
    static final int WARM_UP_TASKS = 16;
    /** The run id of warm-up tasks: no real run has it, so the first real task gets a fresh interpreter. */
    private static final long WARM_UP_RUN = -1;
    /** Any cost per iteration will do for the warm-up: compiled code does not depend on it. */
    private static final double WARM_UP_NS_PER_ITERATION = 50;
    private static final double WARM_UP_ROUNDS_PER_ITERATION = 20.5;
    /** A warm countdown's share, below 1 as a measured one is, so that the warm path is compiled too. */
    private static final double WARM_UP_WARM_SHARE = 0.7;
    private static final double WARM_UP_NS_PER_ROUND = 2.5;
    /** A copy charge of a few microseconds, so that charging copies is compiled before a run charges one. */
    private static final long WARM_UP_COPY_CHARGE_NANOS = 5_000;

    private final Process process;
    private final DataOutputStream toWorker;
    private final DataInputStream fromWorker;
    /** From {@code start()} until the worker said "ready". */
    private final long readyNanos;
    /** Add to a worker's nanoTime to get the server's nanoTime at the same instant. */
    private final long clockOffsetNanos;
    /** Resident memory once ready, before any task. */
    private final long idleRssBytes;
    /** Set by {@link #kill()}: a killed worker is never reused, even in the moment before the kernel has reaped it. */
    private volatile boolean killed;
    /** How long {@link #warmUp()} took, or -1 while the worker is cold (the JIT has not compiled its eval loop). */
    private volatile long warmUpNanos = -1;

    private WorkerProcess(Process process, DataOutputStream toWorker, DataInputStream fromWorker, long readyNanos,
                          long clockOffsetNanos, long idleRssBytes) {
        this.process = process;
        this.toWorker = toWorker;
        this.fromWorker = fromWorker;
        this.readyNanos = readyNanos;
        this.clockOffsetNanos = clockOffsetNanos;
        this.idleRssBytes = idleRssBytes;
    }

    /** Starts a worker and waits until it is ready and its clock is known; kills it if that takes too long. */
    public static WorkerProcess start(WorkerLauncher launcher) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process process = new ProcessBuilder(launcher.command())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CountDownLatch handshakeDone = new CountDownLatch(1);
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                if (!handshakeDone.await(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly(); // the read below then ends with an EOF
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
            DataInputStream in = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
            if (!(Wire.read(in).message() instanceof Message.Ready)) {
                throw new IOException("the worker did not start with \"ready\"");
            }
            long ready = System.nanoTime() - started;
            long asked = System.nanoTime();
            Wire.write(out, new Message.Sync());
            if (!(Wire.read(in).message() instanceof Message.Clock(long workerNow))) {
                throw new IOException("the worker did not answer the clock sync");
            }
            long answered = System.nanoTime();
            // The worker read its clock somewhere between asked and answered; the middle errs by at most half the round trip.
            long offset = asked + (answered - asked) / 2 - workerNow;
            return new WorkerProcess(process, out, in, ready, offset, ProcStatus.ofProcess(process.pid()).rssBytes());
        } catch (IOException | RuntimeException e) {
            process.destroyForcibly();
            throw new IOException("a worker process could not start: " + e.getMessage()
                    + (process.isAlive() ? "" : " (" + exitDescription(process) + ")"), e);
        } finally {
            handshakeDone.countDown();
            watchdog.join();
        }
    }

    /**
     * Runs the warm-up tasks and waits for each to end, so that the worker runs Python code at full speed from
     * its first real task. A fresh JVM interprets the eval loop at first and compiles it while it runs: inside a
     * run's clock that would be measured as the run's own time, 64 times over when 64 workers start at once.
     * Does nothing for a worker already warm. Call only from the thread that owns the worker.
     *
     * @return how long the warm-up took (zero when the worker was warm already)
     */
    public Duration warmUp() throws IOException {
        if (isWarm()) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        for (int task = 0; task < WARM_UP_TASKS; task++) {
            send(new Message.RunTask(WARM_UP_RUN, task, WARM_UP_NS_PER_ITERATION, WARM_UP_ROUNDS_PER_ITERATION,
                    WARM_UP_NS_PER_ROUND, WARM_UP_WARM_SHARE, WARM_UP_COPY_CHARGE_NANOS, 5_000_000, WARM_UP_PROGRAM, List.of(),
                    List.of(new byte[1024]), ""));
            while (true) {
                Message answer = receive().message();
                if (answer instanceof Message.TaskDone) {
                    break;
                }
                if (answer instanceof Message.Failed failed) {
                    throw new IOException("the worker's warm-up failed: " + failed.message());
                }
            }
        }
        warmUpNanos = System.nanoTime() - start;
        return Duration.ofNanos(warmUpNanos);
    }

    /** Whether the worker has run its warm-up (pooled workers have; a process started for one task has not). */
    public boolean isWarm() {
        return warmUpNanos >= 0;
    }

    /** How long the warm-up took, zero if it has not run. */
    public Duration warmUpTime() {
        return Duration.ofNanos(Math.max(0, warmUpNanos));
    }

    /** Sends one message to the worker. */
    public void send(Message message) throws IOException {
        Wire.write(toWorker, message);
    }

    /** Waits for the worker's next message; an {@link java.io.EOFException} means the worker has died. */
    public Wire.Received receive() throws IOException {
        return Wire.read(fromWorker);
    }

    public long pid() {
        return process.pid();
    }

    /** Whether the worker can take tasks: not killed and still running. */
    public boolean isAlive() {
        return !killed && process.isAlive();
    }

    public Duration readyTime() {
        return Duration.ofNanos(readyNanos);
    }

    public long idleRssBytes() {
        return idleRssBytes;
    }

    /** A worker's {@code System.nanoTime()} on the server's time line. */
    public long toServerTime(long workerNanoTime) {
        return workerNanoTime + clockOffsetNanos;
    }

    /** CPU time the whole process has used so far, all its threads (JIT and GC included), or 0 if unknown. */
    public long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    /** Resident memory now and at its peak, as the kernel reports it. */
    public ProcStatus status() {
        return ProcStatus.ofProcess(process.pid());
    }

    /** Makes the peak memory count from now on, for a worker reused by a new run. */
    public void resetPeakMemory() {
        ProcStatus.resetPeak(process.pid());
    }

    /** Ends the worker at once (SIGKILL), as {@code Process.terminate()} and {@code kill()} do in Python. */
    public void kill() {
        killed = true;
        process.destroyForcibly();
    }

    /**
     * How the worker ended, in words: "exit code 1" or "killed by signal 9". Waits briefly for the exit to be
     * reported; call only once the worker has closed its stdout.
     */
    public String deathCause() throws InterruptedException {
        if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            return "it stopped answering";
        }
        return exitDescription(process);
    }

    private static String exitDescription(Process process) {
        int code = process.exitValue();
        // A JVM reports a process ended by signal N as exit value 128 + N.
        return code > 128 && code < 160 ? "killed by signal " + (code - 128) : "exit code " + code;
    }

    /**
     * Closes the worker's stdin, which makes it exit, and waits for that; kills it if it does not. Ends every
     * started worker, whatever state it is in.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            toWorker.close();
        } catch (IOException e) {
            // Already closed or broken: the worker has gone or goes now.
        }
        boolean exited = false;
        try {
            exited = process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            if (!exited) {
                process.destroyForcibly(); // also when interrupted: no worker is left behind
            }
        }
    }
}
