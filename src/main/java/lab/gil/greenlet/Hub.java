package lab.gil.greenlet;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.LatencyHistogram;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.StateLog;
import lab.gil.interpreter.StepRunner;
import lab.gil.interpreter.WorkerState;
import lab.gil.program.TaskProgram;

/**
 * A gevent hub for one run: N greenlets on one OS thread's worth of Python, exactly one of them (or the hub's own
 * loop) running at a time, each running until it waits. The rule and its reasons are in the package description.
 *
 * <p>Invariant: {@link #holder} names the only one that may run: a greenlet, or null for the hub's loop. Fields
 * marked "holder only" are read and written only by the current holder; hand-overs go through the volatile
 * {@code holder}, so each holder sees what the one before wrote. Any thread may read the volatile figures and drain
 * the log (one observer at a time) and call {@link #cancel()}.
 */
public final class Hub implements AutoCloseable {

    /** The most greenlets one hub runs. */
    public static final int MAX_GREENLETS = 10_000;
    /** The hub's own lane; greenlet i has lane i + 1. */
    public static final int HUB_LANE = 0;
    /** State changes the log holds between two drains (at 10 Hz: over a million a second). */
    static final int LOG_CAPACITY = 1 << 17;
    /** The fewest greenlets whose memory each is measured (see the loop). */
    static final int MEMORY_MEASURED_FROM = 100;
    /** Requests gathered before a greenlet sends them itself rather than leave them to the loop's next poll. */
    private static final int REQUEST_BATCH_BYTES = 16 * 1024;
    /** Below this the loop waits for a timer by parking, whose precision is finer than the selector's milliseconds. */
    private static final long PARK_BELOW_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Greenlet[] greenlets;
    /** Runs the greenlets' steps, one greenlet at a time: the holder's. */
    private final StepRunner steps;
    private final WaitKind waitKind;
    /** Where state changes go; null when recording is off. */
    private final StateLog log;
    /** The loopback server {@code io} steps talk to; null for {@link WaitKind#TIMER}. */
    private final LoopbackServer server;
    /** Wakes the loop when an answer comes; also woken by {@link #cancel()}. */
    private final Selector selector;
    private final Thread loopThread;

    /** Who may run now: a greenlet, or null for the hub's loop. Written by the one handing the hub over. */
    private volatile Greenlet holder;
    /** Set when the run must end early: stopped, or a greenlet failed. */
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Counts down when the loop has ended and every greenlet with it. */
    private final CountDownLatch ended = new CountDownLatch(1);

    // ---- holder only ----
    /** Greenlets woken and waiting for their turn, first in, first out. */
    private final ArrayDeque<Greenlet> ready = new ArrayDeque<>();
    /** Greenlets sleeping on a timer, soonest first. */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    /** Greenlets waiting for an item of the queue, first in, first out. */
    private final ArrayDeque<Greenlet> getters = new ArrayDeque<>();
    /** Requests to the loopback server not yet sent whole (a greenlet has at most one outstanding). */
    private final ByteBuffer requests;
    /** Answers read but not yet whole. */
    private final ByteBuffer answers = ByteBuffer.allocate(64 * 1024);
    /** Greenlets of the loop's current round still to run after the one running. */
    private int roundLeft;
    /** Requests whose answer has not come. */
    private int answersPending;
    /** Items put on the queue and not taken. */
    private long items;
    /** The Python object {@code counter} the {@code incr} steps update. */
    long counter;
    private IntFunction<TaskProgram> programs;
    private int tasks;
    private int nextTask;
    private int alive;
    private long timerSequence;
    /** nanoTime the loop last took the hub back. */
    private long loopRunningSince;
    private final LatencyHistogram hubWait = new LatencyHistogram();
    private final LatencyHistogram ioRetake = new LatencyHistogram();

    // ---- written by the holder, readable by anyone ----
    private volatile int tasksDone;
    private volatile long busyNanos;
    private volatile long switches;
    private volatile long startNanos;
    private volatile long bytesPerGreenlet = -1;
    /** nanoTime the last greenlet ended, the end of the run's wall time. */
    private volatile long lastEndNanos;

    /**
     * A hub for {@code greenlets} greenlets. With {@link WaitKind#SOCKET} it opens a loopback connection at once;
     * close the hub to close it.
     */
    public Hub(int greenlets, Calibration calibration, WaitKind waitKind, boolean record) throws IOException {
        if (greenlets < 1 || greenlets > MAX_GREENLETS) {
            throw new IllegalArgumentException("The number of greenlets must be between 1 and " + MAX_GREENLETS
                    + ", not " + greenlets + ".");
        }
        if (calibration == null || waitKind == null) {
            throw new IllegalArgumentException("a calibration and a wait kind are required");
        }
        this.waitKind = waitKind;
        this.log = record ? new StateLog(HUB_LANE, LOG_CAPACITY) : null;
        this.requests = ByteBuffer.allocate(LoopbackServer.REQUEST_BYTES * greenlets);
        this.selector = Selector.open();
        LoopbackServer opened = null;
        try {
            if (waitKind == WaitKind.SOCKET) {
                opened = LoopbackServer.open();
                opened.hubEnd().register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            if (opened != null) {
                opened.close();
            }
            throw e;
        }
        this.server = opened;
        this.steps = new StepRunner(new HubScheduling(this), calibration);
        this.greenlets = new Greenlet[greenlets];
        for (int i = 0; i < greenlets; i++) {
            this.greenlets[i] = new Greenlet(i, this, steps);
        }
        this.loopThread = Thread.ofVirtual().name("greenlet-hub").unstarted(this::loop);
    }

    /**
     * Starts the hub's loop, which spawns the greenlets and runs {@code tasks} tasks on them (task t runs
     * {@code programFor.apply(t)}), each greenlet taking the next task when it has finished one. Returns at once.
     */
    public void start(int tasks, IntFunction<TaskProgram> programFor) {
        if (tasks < 1) {
            throw new IllegalArgumentException("at least one task is required");
        }
        this.tasks = tasks;
        this.programs = programFor;
        loopThread.start(); // start() orders the writes above before the loop's first read
    }

    /** Waits up to {@code timeout} for every greenlet and the loop to end; true if they have. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Asks every greenlet to stop: a running one within a fraction of a millisecond, waiting ones at once. */
    public void cancel() {
        cancelled.set(true);
        selector.wakeup();
        LockSupport.unpark(loopThread);
    }

    /** The first failure of a greenlet or of the loop, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Hands every state change recorded since the last drain to {@code sink}, oldest first. One caller at a time. */
    public void drainStateChanges(Consumer<StateChange> sink) {
        if (log != null) {
            log.drainTo(sink);
        }
    }

    public int greenlets() {
        return greenlets.length;
    }

    public int tasksDone() {
        return tasksDone;
    }

    /** {@code cpu} iterations done so far by all greenlets, updated every few thousand iterations. */
    public long cpuIterationsDone() {
        return steps.cpuIterationsDone();
    }

    /** nanoTime the last greenlet ended; 0 before any has. */
    public long lastEndNanos() {
        return lastEndNanos;
    }

    /** What the hub measured; complete once {@link #awaitEnd} has answered true. */
    public HubFigures figures() {
        return new HubFigures(greenlets.length, tasksDone, startNanos, bytesPerGreenlet, busyNanos, hubWait.stats(),
                ioRetake.stats(), switches, counter, log == null ? 0 : log.dropped());
    }

    @Override
    public void close() throws InterruptedException {
        if (loopThread.isAlive()) {
            cancel();
            ended.await(5, TimeUnit.SECONDS);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (server != null) {
            server.close();
        }
    }

    // ---- the hub's loop ----

    private void loop() {
        loopRunningSince = System.nanoTime();
        logHub(WorkerState.RUNNING, loopRunningSince);
        try {
            long allocatedBefore = spawnAll();
            boolean firstRound = true;
            while (alive > 0 && !cancelled.get()) {
                runRound();
                if (firstRound) {
                    // Every greenlet has now run until its first wait (or its end), and a virtual thread's stack
                    // goes to the heap when it parks: what was allocated since spawning is what they take. The
                    // count covers the whole JVM, so below a hundred greenlets the server's own allocations
                    // meanwhile would weigh more than theirs.
                    firstRound = false;
                    if (greenlets.length >= MEMORY_MEASURED_FROM) {
                        bytesPerGreenlet = (ALLOCATION.getTotalThreadAllocatedBytes() - allocatedBefore)
                                / greenlets.length;
                    }
                }
                if (alive == 0 || cancelled.get()) {
                    break;
                }
                if (ready.isEmpty() && timers.isEmpty() && answersPending == 0) {
                    throw new IllegalStateException("every greenlet left waits for an item of the queue that no"
                            + " greenlet will put, so the hub has nothing to wait for (gevent raises LoopExit: \"This"
                            + " operation would block forever\").");
                }
                poll(ready.isEmpty());
            }
        } catch (Throwable e) {
            fail(e);
        } finally {
            // Every greenlet still waiting gets the hub once, sees the cancellation and ends, handing it back.
            if (alive > 0) {
                cancelled.set(true);
                roundLeft = 0;
                for (Greenlet g : greenlets) {
                    if (g.thread.getState() != Thread.State.NEW && !g.ended) {
                        switchTo(g);
                    }
                }
            }
            long now = System.nanoTime();
            busyNanos = busyNanos + (now - loopRunningSince);
            logHub(WorkerState.DONE, now);
            ended.countDown();
        }
    }

    /** Spawns every greenlet, ready to run in order, and times it; returns the bytes allocated before it. */
    private long spawnAll() {
        long allocatedBefore = ALLOCATION.getTotalThreadAllocatedBytes();
        long start = System.nanoTime();
        for (Greenlet g : greenlets) {
            g.thread.start();
            alive++;
            makeReady(g, System.nanoTime());
        }
        startNanos = System.nanoTime() - start;
        return allocatedBefore;
    }

    /**
     * Runs the greenlets ready now, in order: the first gets the hub from the loop, and each, when it waits or ends,
     * hands it straight to the next one of the round (what gevent's hub does between two polls, with half the
     * hand-overs of going back to the loop every time); the last hands it back to the loop. Greenlets that become
     * ready meanwhile wait for the next round.
     */
    private void runRound() {
        int n = ready.size();
        if (n > 0 && !cancelled.get()) {
            roundLeft = n - 1;
            switchTo(ready.poll());
        }
    }

    /** Hands the hub to {@code g} and waits until it comes back to the loop. Call only from the loop. */
    private void switchTo(Greenlet g) {
        long now = System.nanoTime();
        busyNanos = busyNanos + (now - loopRunningSince);
        logHub(WorkerState.IDLE, now);
        switches = switches + 1;
        holder = g;
        LockSupport.unpark(g.thread);
        while (holder != null) {
            LockSupport.park(this);
        }
        loopRunningSince = System.nanoTime();
        logHub(WorkerState.RUNNING, loopRunningSince);
    }

    /**
     * Flushes requests, then collects what has happened: answers read, timers due. Waits, if {@code block}, until
     * something has (or the run is cancelled). Call only from the loop.
     */
    private void poll(boolean block) throws IOException {
        SelectionKey key = server == null ? null : server.hubEnd().keyFor(selector);
        if (key != null) {
            flushRequests(server.hubEnd());
            key.interestOps(requests.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
                    : SelectionKey.OP_READ);
        }
        long now = System.nanoTime();
        long timeout = !block ? 0 : timers.isEmpty() ? -1 : Math.max(0, timers.peek().due - now);
        if (block) {
            busyNanos = busyNanos + (now - loopRunningSince);
            logHub(WorkerState.IO, now);
        }
        if (timeout == 0) {
            selector.selectNow();
        } else if (timeout < 0) {
            selector.select();
        } else if (timeout >= PARK_BELOW_NANOS) {
            selector.select(timeout / 1_000_000 - 1);
        } else if (selector.selectNow() == 0) {
            LockSupport.parkNanos(this, timeout);
        }
        now = System.nanoTime();
        if (block) {
            loopRunningSince = now;
            logHub(WorkerState.RUNNING, now);
        }
        selector.selectedKeys().clear();
        if (key != null) {
            readAnswers(server.hubEnd(), now);
        }
        while (!timers.isEmpty() && timers.peek().due - now <= 0) {
            Timer due = timers.poll();
            makeReady(due.greenlet, due.due);
        }
    }

    private void readAnswers(SocketChannel channel, long now) throws IOException {
        while (channel.read(answers) > 0) {
            answers.flip();
            while (answers.remaining() >= LoopbackServer.ANSWER_BYTES) {
                answersPending--;
                Greenlet g = greenlets[answers.getInt()];
                makeReady(g, Math.min(g.dueAt, now));
            }
            answers.compact();
        }
    }

    private void flushRequests(SocketChannel channel) throws IOException {
        if (requests.position() > 0) {
            requests.flip();
            channel.write(requests);
            requests.compact();
        }
    }

    // ---- used by the greenlets, while holding the hub ----

    /** Parks the calling greenlet until the loop hands it the hub, then records it running. */
    void awaitTurn(Greenlet g) {
        while (holder != g) {
            LockSupport.park(this);
        }
        long now = System.nanoTime();
        g.runningSince = now;
        if (g.readyAt != 0) {
            hubWait.record(now - g.readyAt);
            g.readyAt = 0;
        }
        enter(g, WorkerState.RUNNING, now);
    }

    /** Hands the hub on and parks until it is handed to {@code g} again. */
    private boolean yieldToLoop(Greenlet g) {
        busyNanos = busyNanos + (System.nanoTime() - g.runningSince);
        handOn();
        awaitTurn(g);
        return !cancelled.get();
    }

    /** Hands the hub to the next greenlet of the loop's round, or back to the loop when the round is over. */
    private void handOn() {
        Greenlet next = roundLeft > 0 && !cancelled.get() ? ready.poll() : null;
        if (next != null) {
            roundLeft--;
            switches = switches + 1;
            holder = next;
            LockSupport.unpark(next.thread);
        } else {
            roundLeft = 0;
            holder = null;
            LockSupport.unpark(loopThread);
        }
    }

    /**
     * An {@code io} step: a request answered after {@code duration} (or a timer), then the hub runs others until
     * the answer has come and this greenlet's turn is back. False if cancelled meanwhile.
     */
    boolean waitFor(Greenlet g, Duration duration) throws IOException {
        long now = System.nanoTime();
        long due = now + duration.toNanos();
        enter(g, WorkerState.IO, now);
        g.dueAt = due;
        if (waitKind == WaitKind.SOCKET) {
            // Sent when the loop polls next (or once a batch has gathered): one write for a round of greenlets
            // rather than a system call each. The answer is due at an instant, so sending it later does not
            // delay it, as long as it is sent before it is due; the loop polls after every round anyway.
            requests.putInt(g.index).putLong(due);
            if (requests.position() >= REQUEST_BATCH_BYTES) {
                flushRequests(server.hubEnd());
            }
            answersPending++;
        } else {
            timers.add(new Timer(due, timerSequence++, g));
        }
        if (!yieldToLoop(g)) {
            return false;
        }
        ioRetake.record(System.nanoTime() - due);
        return true;
    }

    /** {@code q.put(item)} on an unbounded queue: hands the item to the first waiting getter, never switches. */
    void put() {
        Greenlet getter = getters.poll();
        if (getter != null) {
            makeReady(getter, System.nanoTime());
        } else {
            items++;
        }
    }

    /** {@code q.get()}: an item at once if there is one, else waits (the hub runs others). False if cancelled. */
    boolean take(Greenlet g) {
        if (items > 0) {
            items--;
            return true;
        }
        getters.add(g);
        enter(g, WorkerState.IO, System.nanoTime());
        return yieldToLoop(g);
    }

    /** The next task to run, or -1 when none is left. */
    int takeTask() {
        return nextTask < tasks ? nextTask++ : -1;
    }

    TaskProgram programFor(int task) {
        return programs.apply(task);
    }

    void taskDone() {
        tasksDone = tasksDone + 1;
    }

    boolean cancelled() {
        return cancelled.get();
    }

    void fail(Throwable e) {
        failure.compareAndSet(null, e);
        cancelled.set(true);
    }

    /** {@code g}'s body has ended: records it and hands the hub back to the loop for good. */
    void end(Greenlet g) {
        long now = System.nanoTime();
        busyNanos = busyNanos + (now - g.runningSince);
        enter(g, WorkerState.DONE, now);
        g.ended = true;
        alive--;
        lastEndNanos = now;
        handOn();
    }

    /** The greenlet that holds the hub: the one whose steps run now. */
    Greenlet holder() {
        return holder;
    }

    /** Records {@code g} entering {@code state}. Call only while holding the hub. */
    void enter(Greenlet g, WorkerState state, long now) {
        if (g.state == state) {
            return;
        }
        g.state = state;
        if (log != null) {
            log.append(g.index + 1, state, now);
        }
    }

    /**
     * {@code g} is ready since {@code since}: it queues for its turn. A wait that ended while another greenlet
     * computed is only seen when the loop polls again; it counts from when it ended, the answer's due instant.
     */
    private void makeReady(Greenlet g, long since) {
        g.readyAt = since;
        enter(g, WorkerState.WAITING_FOR_GIL, since);
        ready.add(g);
    }

    private void logHub(WorkerState state, long now) {
        if (log != null) {
            log.append(HUB_LANE, state, now);
        }
    }

    /** A greenlet sleeping until {@code due}; ties keep the order they were set in. */
    private record Timer(long due, long sequence, Greenlet greenlet) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byDue = Long.compare(due - other.due, 0);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
