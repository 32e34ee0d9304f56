package lab.gil.run.greenlet;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import lab.gil.cost.WorkerCost;
import lab.gil.greenlet.Hub;
import lab.gil.greenlet.HubFigures;
import lab.gil.greenlet.WaitKind;
import lab.gil.interpreter.LatencyStats;
import lab.gil.run.execution.ContextSwitches;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.Measurement;
import lab.gil.run.execution.ObserveLoop;
import lab.gil.run.execution.Observer;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.LaneSource;
import lab.gil.scenario.Scenario;

/**
 * One execution of a scenario on greenlets: {@code workers} greenlets on one {@link Hub}, as gevent's
 * {@code Pool(workers).map} would run the tasks, each greenlet taking the next task when it has finished one. Its
 * {@code io} steps are real requests on a loopback socket.
 *
 * <p>The clock starts before the greenlets are spawned, as a Python program timing {@code gevent.spawn} and
 * {@code joinall} would; CPU time is the hub's busy time (a virtual thread's own CPU time cannot be read).
 */
public final class GreenletExecution implements Execution {

    /** Makes greenlet executions, each on a hub of its own. */
    public static final ExecutionFactory FACTORY = (scenario, calibration, observePeriod, live) -> {
        try {
            return new GreenletExecution(scenario, new Hub(scenario.workers(), calibration, WaitKind.SOCKET, live),
                    observePeriod);
        } catch (IOException e) {
            throw new EndedEarly("The greenlets' loopback socket could not be opened: " + e.getMessage(), e);
        }
    };

    private final Scenario scenario;
    private final Hub hub;
    private final Duration observePeriod;
    private final GreenletLanes lanes;
    /** When the clock started (written once by the calling thread; until then, when the execution was made). */
    private volatile long startNanos = System.nanoTime();

    GreenletExecution(Scenario scenario, Hub hub, Duration observePeriod) {
        this.scenario = scenario;
        this.hub = hub;
        this.observePeriod = observePeriod;
        this.lanes = new GreenletLanes(hub);
    }

    @Override
    public LaneSource lanes() {
        return lanes;
    }

    @Override
    public long startNanos() {
        return startNanos;
    }

    @Override
    public Measurement execute(BooleanSupplier stop, Duration timeLimit, Observer observer)
            throws InterruptedException, EndedEarly {
        long start = System.nanoTime();
        startNanos = start;
        try {
            hub.start(scenario.tasks(), scenario::programFor);
            Optional<String> endedEarly = ObserveLoop.observe(new Greenlets(), start, stop, timeLimit, observer,
                    observePeriod);
            if (!hub.awaitEnd(STOP_GRACE)) {
                throw new EndedEarly("Greenlets did not stop within " + STOP_GRACE.toSeconds() + " s.", null);
            }
            if (endedEarly.isPresent()) {
                throw new EndedEarly(endedEarly.get(), hub.failure());
            }
            HubFigures f = hub.figures();
            return new Measurement(start, Math.max(0, hub.lastEndNanos() - start), f.busyNanos(),
                    hub.cpuIterationsDone(), new ContextSwitches(0, 0), 0, 0, List.of());
        } finally {
            hub.close();
        }
    }

    /** The hub as the observe loop watches it. */
    private final class Greenlets implements ObserveLoop.Work {
        @Override
        public boolean awaitEnd(long nanos) throws InterruptedException {
            return hub.awaitEnd(Duration.ofNanos(nanos));
        }

        @Override
        public int tasksDone() {
            return hub.tasksDone();
        }

        @Override
        public long cpuIterationsDone() {
            return hub.cpuIterationsDone();
        }

        @Override
        public String failure() {
            Throwable failed = hub.failure();
            return failed == null ? null : failed.getMessage();
        }

        @Override
        public String cancel(ObserveLoop.Ending why) {
            hub.cancel();
            return "";
        }
    }

    /**
     * The hub's side of the run in the GIL's figures (one hub is one GIL that is only ever handed over at a wait),
     * the shared {@code counter}, and what greenlets cost to start and keep.
     */
    @Override
    public ExecutionFigures figures(Measurement m) {
        HubFigures f = hub.figures();
        LatencyStats retake = f.ioRetake();
        RunSummary.GilFigures gil = new RunSummary.GilFigures(lab.gil.run.trace.LaneBatcher.GREENLETS,
                RunSummary.GilFigures.waitShare(f.hubWait().sumNanos(), m.wallNanos(), scenario.workers()),
                f.switches(), 0, 0,
                retake.count(), retake.medianNanos() / 1e6, retake.maxNanos() / 1e6);
        long increments = scenario.totalIncrements();
        RunSummary.CounterFigures counter = increments == 0 ? null
                : new RunSummary.CounterFigures(increments, f.counter());
        RunSummary.GreenletFigures greenlets = new RunSummary.GreenletFigures(f.startNanos() / 1e6,
                f.bytesPerGreenlet(), f.hubWait().count(), f.hubWait().medianNanos() / 1e6,
                f.hubWait().maxNanos() / 1e6);
        // One greenlet's share of spawning them all, and of the memory they took until each first waited.
        WorkerCost cost = f.bytesPerGreenlet() < 0 || f.greenlets() == 0 ? null : new WorkerCost(WorkerCost.GREENLET,
                f.bytesPerGreenlet(), 0, Math.max(1, f.startNanos() / f.greenlets()), f.greenlets());
        return new ExecutionFigures(gil, counter, null, greenlets, cost);
    }
}
