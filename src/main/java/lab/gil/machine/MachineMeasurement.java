package lab.gil.machine;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.EvalLoopWarmUp;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.execution.Execution;
import lab.gil.run.thread.ThreadExecution;
import lab.gil.run.execution.WarmUp;
import lab.gil.run.greenlet.GreenletExecution;
import lab.gil.run.process.ProcessExecution;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server measures once after it has started: what CPython's work costs here, how many kernel rounds make
 * each kind of worker's loop iteration cost the same, and how much parallel work the machine really does. Runs
 * wait for it (the page says "Calibrating"); the lessons read its figures once it is done.
 */
final class MachineMeasurement {

    private static final Logger log = LoggerFactory.getLogger(MachineMeasurement.class);

    /** How long a step of watching this JVM's own CPU use lasts. */
    private static final Duration QUIET_STEP = Duration.ofMillis(100);
    /** Below this share of one core during a step, the JIT has finished compiling the start-up's code. */
    private static final double QUIET_SHARE = 0.2;
    /** The longest the measurement waits for this JVM to be quiet before measuring anyway. */
    private static final Duration QUIET_WAIT_LIMIT = Duration.ofSeconds(3);

    /**
     * A cost per iteration to warm the eval loop up with, before the real one is known: the warm-up's work only
     * has to reach every path, not to cost anything in particular.
     */
    private static final Calibration WARM_UP = new Calibration(Calibration.FALLBACK_NS_PER_ITERATION, 25, 2.0,
            Calibration.Source.GIVEN);

    /** Samples of what this server's hub costs, without the charges and with them; the fastest counts. */
    private static final int OWN_COST_SAMPLES = 3;
    private static final Duration OWN_COST_TIME_LIMIT = Duration.ofSeconds(60);
    /** The most the greenlets' charges are scaled by what they cost in the hub, either way. */
    private static final double MAX_CHARGE_SCALE = 2;
    /** How often a run's lanes are drained while it runs (its progress period). */
    private static final Duration LANES_DRAINED_EVERY = Duration.ofMillis(100);

    private final ServerMachine machine;
    /** The server's worker processes, or null when it has none. */
    private final WorkerPool workerPool;
    /** What each kind of worker runs before the fit, besides the eval loop's own warm-up (the hub's, say). */
    private final List<WarmUp> warmUps;
    /** The event loop whose costs per task the greenlets are charged. */
    private final EventLoopSources eventLoops;

    MachineMeasurement(ServerMachine machine, WorkerPool workerPool, List<WarmUp> warmUps,
                       EventLoopSources eventLoops) {
        this.machine = machine;
        this.workerPool = workerPool;
        this.warmUps = List.copyOf(warmUps);
        this.eventLoops = eventLoops;
    }

    /** Measures everything, publishes the machine's figures and answers the calibrations. */
    Calibrations run() {
        return measure().publishedOn(machine);
    }

    /**
     * What one measurement found: the calibrations, and the figures the machine publishes (the capacity of 1 to N
     * threads, and what an iteration cost in each kind).
     */
    record Result(Calibrations calibrations, double[] capacity, ServerCosts costs) {

        /** Publishes the figures on {@code machine} and answers the calibrations. */
        Calibrations publishedOn(ServerMachine machine) {
            machine.measured(capacity, costs);
            return calibrations;
        }
    }

    /** Measures everything; publishes nothing. */
    Result measure() {
        long start = System.nanoTime();
        long quietAfter = awaitQuietJvm();
        // CPython first, while this JVM is quiet: the warm-up's compiling would compete with it. Timed right after
        // a server's start, CPython's countdown cost 31.2 ns an iteration against 23.8 a minute later, and the
        // event loop's work per task 51 us against 34.
        Calibration serverFit = Calibration.measure();
        long countedDown = System.nanoTime();
        Optional<CPythonCostProbe.Pipe> pipe = CPythonCostProbe.pipe();
        Optional<CPythonCostProbe.EventLoop> eventLoop = CPythonCostProbe.eventLoop(eventLoops);
        CPythonCosts cpython = cpythonCosts(serverFit, pipe, eventLoop);
        long probed = System.nanoTime();
        warmUp();
        long warmedUp = System.nanoTime();
        Fitted fitted = fitEachKind(serverFit, cpython);
        long fittedAt = System.nanoTime();
        MachineFacts facts = machine.facts();
        double[] capacity = ParallelCapacity.measure(facts.usableCores(), facts.quotaCores().orElse(Double.MAX_VALUE));
        long measured = System.nanoTime();
        log.info("Emulated bytecode calibrated to {}; waited {} ms for the JVM to be quiet, CPython's countdown "
                        + "measured and the server's kernel fitted in {} ms, CPython's other costs measured in {} ms,"
                        + " warmed up in {} ms, each kind fitted in {} ms", serverFit, ms(quietAfter),
                ms(countedDown - start - quietAfter), ms(probed - countedDown), ms(warmedUp - probed),
                ms(fittedAt - warmedUp));
        log.info("CPython here: {}; one emulated iteration then took {} ns in a thread, {} in a process, {} in a "
                        + "greenlet; threads {}, processes {}, greenlets {}", cpython, fmt(fitted.costs().threadNs()),
                fmt(fitted.costs().processNs()), fmt(fitted.costs().greenletNs()), fitted.calibrations().threads(),
                fitted.calibrations().processes(), fitted.calibrations().greenlets());
        MachineFacts now = facts.measured(capacity, fitted.costs());
        log.info("This server may use {} of the {} cores its kernel lists{}; capacity of 2 threads {}, of {} {} "
                        + "(measured in {} ms)", now.usableCores(), now.listedCores(),
                now.quotaCores().isPresent() ? " (quota " + now.quotaCores().getAsDouble() + " cores)" : "",
                fmt(now.capacity(2)), now.usableCores(), fmt(now.capacity(now.usableCores())),
                ms(measured - fittedAt));
        return new Result(fitted.calibrations(), capacity, fitted.costs());
    }

    /**
     * Warms every path of the eval loop (and each kind's, the greenlets' hub say) up first, then fits: the JIT
     * recompiles the loop as the warm-up reaches its other paths, and a fit timed before that was off by up to 8%
     * against the code runs then used.
     */
    private void warmUp() {
        try {
            EvalLoopWarmUp.run(WARM_UP);
            for (WarmUp warmUp : warmUps) {
                warmUp.run(WARM_UP);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each kind's calibration and what an iteration then cost in it. */
    private record Fitted(Calibrations calibrations, ServerCosts costs) {}

    /**
     * Fits each kind of worker on itself, starting from the server's fit, with its charges; when a fit fails every
     * kind keeps the server's fit, as before kinds were fitted apart.
     */
    private Fitted fitEachKind(Calibration serverFit, CPythonCosts cpython) {
        try {
            KindFit.Fit threads = new KindFit(ThreadExecution.FACTORY, ExecutorKind.THREADS).fit(serverFit);
            KindFit.Fit greenlets = new KindFit(GreenletExecution.FACTORY, ExecutorKind.GREENLETS)
                    .fit(threads.calibration());
            Calibration greenletCalibration = greenlets.calibration()
                    .withCharges(greenletCharges(greenlets.calibration(), cpython));
            Calibration processCalibration = threads.calibration();
            double processNs = Double.NaN;
            if (workerPool != null) {
                KindFit.Fit processes = new KindFit(ProcessExecution.factory(workerPool), ExecutorKind.PROCESSES)
                        .fit(threads.calibration());
                // A copy costs what CPython's would: the receiver burns what is left of CPython's cost once its
                // own copy is done (so whatever this JVM's memory costs it, warm or fresh, is not paid twice).
                processCalibration = processes.calibration()
                        .withCharges(Calibration.Charges.ofCopies(cpython.send(), cpython.receive()));
                processNs = processes.nsPerIteration();
            }
            return new Fitted(new Calibrations(threads.calibration(), processCalibration, greenletCalibration),
                    new ServerCosts(cpython, threads.nsPerIteration(), processNs, greenlets.nsPerIteration(),
                            Instant.now()));
        } catch (EndedEarly | RuntimeException e) {
            log.warn("Fitting each kind of worker to CPython's costs failed ({}); every kind uses the server's fit",
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double ns = serverFit.nsPerIteration();
        return new Fitted(Calibrations.same(serverFit), new ServerCosts(cpython, ns, ns, ns, Instant.now()));
    }

    /** CPython's costs as measured, each figure that could not be measured taken from the assumed ones. */
    private static CPythonCosts cpythonCosts(Calibration countdown, Optional<CPythonCostProbe.Pipe> pipe,
                                             Optional<CPythonCostProbe.EventLoop> loop) {
        CPythonCosts assumed = CPythonCosts.FALLBACK;
        return new CPythonCosts(countdown.cpythonVersion(), countdown.nsPerIteration(),
                countdown.nsPerIteration() * countdown.warmShare(),
                pipe.map(CPythonCostProbe.Pipe::send).orElse(assumed.send()),
                pipe.map(CPythonCostProbe.Pipe::receive).orElse(assumed.receive()),
                loop.map(CPythonCostProbe.EventLoop::startMicros).orElse(assumed.greenletStartMicros()),
                loop.map(CPythonCostProbe.EventLoop::wakeMicros).orElse(assumed.greenletWakeMicros()),
                loop.map(CPythonCostProbe.EventLoop::loop).orElse(assumed.eventLoop()));
    }

    /**
     * What a greenlet must charge to start and to wake so that, with what this server's hub costs of its own,
     * ten thousand greenlets cost what CPython's event loop spends on ten thousand tasks: CPython's two costs,
     * each less its share of the hub's own (timed on {@value CPythonCostProbe#TASKS} greenlets waiting
     * {@value CPythonCostProbe#WAIT_SECONDS} s, the fastest of three), then scaled once by what they were seen to
     * cost there. A charge burns kernel rounds timed in a tight loop, and in a hub's greenlets those rounds cost more:
     * 10,000 greenlets charged 25.5 us each spent 34-38 us besides the hub's own 1-3 us (2026-12-07, 19:50 UTC), and
     * the fidelity benchmark's 10,000 greenlets waiting 50 ms took 1.44 times gevent's time.
     */
    private static Calibration.Charges greenletCharges(Calibration greenlets, CPythonCosts cpython)
            throws InterruptedException, EndedEarly {
        double ownMicros = hubMicrosPerGreenlet(greenlets);
        double cpythonMicros = cpython.waitMicrosPerGreenlet();
        double share = cpythonMicros <= 0 ? 0 : Math.max(0, 1 - ownMicros / cpythonMicros);
        if (share == 0) {
            return Calibration.Charges.NONE;
        }
        double startMicros = cpython.greenletStartMicros() * share;
        double wakeMicros = cpython.greenletWakeMicros() * share;
        Calibration.Charges nominal = Calibration.Charges.ofGreenlets(nanos(startMicros / 1e3),
                nanos(wakeMicros / 1e3));
        double chargedMicros = hubMicrosPerGreenlet(greenlets.withCharges(nominal)) - ownMicros;
        double scale = chargedMicros <= 0 ? 1
                : Math.max(1 / MAX_CHARGE_SCALE, Math.min(MAX_CHARGE_SCALE, (startMicros + wakeMicros) / chargedMicros));
        log.info("Greenlets' charges of {} us a greenlet cost {} us in the hub besides its own {} us: scaled by {}",
                fmt(startMicros + wakeMicros), fmt(chargedMicros), fmt(ownMicros), fmt(scale));
        return Calibration.Charges.ofGreenlets(nanos(startMicros * scale / 1e3), nanos(wakeMicros * scale / 1e3));
    }

    /**
     * What {@value CPythonCostProbe#TASKS} greenlets waiting {@value CPythonCostProbe#WAIT_SECONDS} s cost the hub
     * beyond the wait, in microseconds a greenlet: the fastest of {@value #OWN_COST_SAMPLES} runs.
     */
    private static double hubMicrosPerGreenlet(Calibration greenlets) throws InterruptedException, EndedEarly {
        int n = CPythonCostProbe.TASKS;
        long waitMicros = Math.round(CPythonCostProbe.WAIT_SECONDS * 1e6);
        Scenario scenario = KindFit.scenario(ExecutorKind.GREENLETS, n, n, "io " + waitMicros + "us");
        long[] took = new long[OWN_COST_SAMPLES];
        for (int i = 0; i < OWN_COST_SAMPLES; i++) {
            // Recording each greenlet's states, drained as a run's lanes are: a run that students watch pays for
            // them on the hub's thread (timed without them, the hub's own cost was 2 us a greenlet, and a run's
            // 10,000 greenlets cost 16 us more each than gevent's).
            Execution execution = GreenletExecution.FACTORY.create(scenario, greenlets, LANES_DRAINED_EVERY, true);
            took[i] = execution.execute(() -> false, OWN_COST_TIME_LIMIT, (tasks, iterations, elapsed) -> {
                execution.lanes().drain(change -> { });
                execution.lanes().drainStateCounts(sample -> { });
            }).wallNanos();
        }
        return Math.max(0, (java.util.Arrays.stream(took).min().orElseThrow() / 1e3 - waitMicros) / n);
    }

    private static long nanos(double millis) {
        return Math.max(0, Math.round(millis * 1e6));
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String fmt(double value) {
        return String.format("%.2f", value);
    }

    /**
     * Waits until this JVM uses less than {@link #QUIET_SHARE} of a core (its JIT compiler threads have caught up
     * with the start-up), at most {@link #QUIET_WAIT_LIMIT}; returns the nanoseconds it waited.
     */
    private static long awaitQuietJvm() {
        long start = System.nanoTime();
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os)
                || os.getProcessCpuTime() < 0) {
            return 0;
        }
        try {
            while (System.nanoTime() - start < QUIET_WAIT_LIMIT.toNanos()) {
                long cpuBefore = os.getProcessCpuTime();
                long before = System.nanoTime();
                Thread.sleep(QUIET_STEP);
                double share = (double) (os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - before);
                if (share < QUIET_SHARE) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return System.nanoTime() - start;
    }
}
