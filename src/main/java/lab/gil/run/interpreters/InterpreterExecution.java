package lab.gil.run.interpreters;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import lab.gil.cost.WorkerCost;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.GilMode;
import lab.gil.interpreter.Interpreter;
import lab.gil.program.Step;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.Observer;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.thread.ThreadExecution;
import lab.gil.run.trace.LaneSource;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * One execution of a scenario on a pool of emulated subinterpreters: the server's threads, each running its tasks in
 * an interpreter of its own (its own GIL, its own {@code counter}: per-interpreter mode), and every argument and
 * result copied in and out as {@code InterpreterPoolExecutor} pickles them: once into the pickle, once into the new
 * object on the other side, into fresh memory each time, as CPython allocates it.
 *
 * <p>What it shows as a worker's cost is what this emulation does here, measured in the run: making an
 * interpreter's state and starting its thread. CPython 3.14's own figure stands beside it when a {@code python3.14}
 * is on the path; without one the page says it was not measured.
 */
final class InterpreterExecution implements Execution {

    private static final ThreadMXBean ALLOCATION = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** What this kind is called in a worker's cost. */
    static final String WORKER = "interpreter";

    private final Scenario scenario;
    private final Interpreter interpreter;
    private final ThreadExecution threads;
    private final CPythonInterpreters cpython;
    /** Time and memory making every interpreter's state took, for the worker's cost. */
    private final long stateNanos;
    private final long stateBytes;
    /** Each worker's time from its thread being made until its interpreter was ready for tasks; 0 until then. */
    private final AtomicLongArray readyNanos;
    private final LongAdder bytesCopied = new LongAdder();
    private final LongAdder copyNanos = new LongAdder();
    /**
     * Bounds the memory copies hold at once, in MiB, so that a run of big arguments on many interpreters waits for
     * memory rather than runs the server out of it: a quarter of the heap, at most 1 GiB (what one run may copy).
     */
    private final Semaphore copyMemory;
    private final int copyMemoryMiB;
    /** The objects arguments and results are copied from: one of the largest size any step passes, shared. */
    private final byte[] source;

    InterpreterExecution(Scenario scenario, Calibration calibration, Duration observePeriod, boolean live,
                         CPythonInterpreters cpython) {
        this.scenario = scenario;
        this.cpython = cpython;
        long allocatedBefore = ALLOCATION.getCurrentThreadAllocatedBytes();
        long before = System.nanoTime();
        // One GIL and one counter per interpreter, whatever the form said: that is what a subinterpreter is.
        this.interpreter = new Interpreter(GilMode.PER_INTERPRETER, scenario.switchInterval(), scenario.workers(),
                calibration, live);
        this.stateNanos = System.nanoTime() - before;
        this.stateBytes = Math.max(0, ALLOCATION.getCurrentThreadAllocatedBytes() - allocatedBefore);
        this.readyNanos = new AtomicLongArray(scenario.workers());
        this.copyMemoryMiB = (int) Math.min(1024, Runtime.getRuntime().maxMemory() / 4 / (1 << 20));
        this.copyMemory = new Semaphore(copyMemoryMiB);
        this.source = new byte[(int) largestPassed(scenario)];
        Arrays.fill(source, (byte) 0x5a);
        this.threads = new ThreadExecution(scenario, interpreter, observePeriod, new Copies());
    }

    private static long largestPassed(Scenario scenario) {
        long largest = 0;
        for (var program : scenario.programs()) {
            for (Step step : program.steps()) {
                long bytes = switch (step) {
                    case Step.Send send -> send.bytes();
                    case Step.Recv recv -> recv.bytes();
                    default -> 0;
                };
                largest = Math.max(largest, bytes);
            }
        }
        return largest;
    }

    /** Arguments copied in before each task, results copied out after it, in the worker's own thread. */
    private final class Copies implements ThreadExecution.Around {

        @Override
        public void ready(int worker, long madeNanos) {
            readyNanos.set(worker, Math.max(1, System.nanoTime() - madeNanos));
        }

        @Override
        public void before(int worker, int task) throws InterruptedException {
            for (Step step : scenario.programFor(task).steps()) {
                if (step instanceof Step.Send(long bytes)) {
                    copy(bytes);
                }
            }
        }

        @Override
        public void after(int worker, int task) throws InterruptedException {
            for (Step step : scenario.programFor(task).steps()) {
                if (step instanceof Step.Recv(long bytes)) {
                    copy(bytes);
                }
            }
        }
    }

    /**
     * Passes an object of {@code bytes} to the other interpreter as pickle does: into a new pickle, then into a new
     * object there; timed and counted. A shared buffer ({@code share}) is a memoryview both sides see: not copied.
     */
    private void copy(long bytes) throws InterruptedException {
        int mib = (int) ((2 * bytes + (1 << 20) - 1) >> 20);
        if (mib > copyMemoryMiB) {
            throw new IllegalStateException("copying " + bytes / (1 << 20) + " MB between interpreters needs "
                    + mib + " MB at once; this server's memory allows " + copyMemoryMiB + " MB");
        }
        copyMemory.acquire(mib);
        try {
            long start = System.nanoTime();
            byte[] pickle = Arrays.copyOf(source, (int) bytes);
            byte[] object = Arrays.copyOf(pickle, pickle.length);
            copyNanos.add(System.nanoTime() - start);
            bytesCopied.add(bytes);
            if (object[object.length - 1] != source[(int) bytes - 1]) {
                throw new AssertionError("the copy differs from its original");
            }
        } finally {
            copyMemory.release(mib);
        }
    }

    @Override
    public Measurement execute(BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException, EndedEarly {
        Measurement m = threads.execute(stop, timeLimit, observer);
        return new Measurement(m.startNanos(), m.wallNanos(), m.cpuNanos(), m.cpuIterations(), m.contextSwitches(),
                bytesCopied.sum(), copyNanos.sum(), List.of());
    }

    @Override
    public LaneSource lanes() {
        return threads.lanes();
    }

    @Override
    public long startNanos() {
        return threads.startNanos();
    }

    /**
     * Nobody waits for a GIL: each interpreter has its own, as its lanes say. Each interpreter counted its own
     * {@code counter}; the summary's counter is their sum, since none lost another's update.
     */
    @Override
    public ExecutionFigures figures(Measurement m) {
        ExecutionFigures onThreads = threads.figures(m);
        RunSummary.GilFigures t = onThreads.gil();
        RunSummary.GilFigures gil = new RunSummary.GilFigures(ScenarioParser.gilId(GilMode.PER_INTERPRETER),
                t.waitShare(), t.switches(), t.forcedSwitches(), t.dropRequests(), t.ioRetakes(),
                t.ioRetakeMedianMillis(), t.ioRetakeMaxMillis());
        int workers = scenario.workers();
        long statePerInterpreter = stateBytes / workers;
        double startMicros = medianReadyNanos() / 1e3 + stateNanos / 1e3 / workers;
        InterpreterFigures figures = new InterpreterFigures(workers, interpreter.sharedCounters(), startMicros,
                statePerInterpreter, cpython.get().orElse(null));
        WorkerCost thread = onThreads.workerCost();
        // A subinterpreter of the pool is a thread with an interpreter of its own: the thread's cost, plus the state.
        WorkerCost cost = thread == null ? null : new WorkerCost(WORKER,
                thread.bytesPerWorker() + statePerInterpreter, thread.reservedBytesPerWorker(),
                Math.max(1, Math.round(startMicros * 1e3)), workers);
        return new ExecutionFigures(gil, onThreads.counter(), figures, cost);
    }

    private double medianReadyNanos() {
        long[] ready = new long[readyNanos.length()];
        int n = 0;
        for (int i = 0; i < ready.length; i++) {
            if (readyNanos.get(i) > 0) {
                ready[n++] = readyNanos.get(i);
            }
        }
        if (n == 0) {
            return 0;
        }
        long[] measured = Arrays.copyOf(ready, n);
        Arrays.sort(measured);
        return measured[n / 2];
    }
}
