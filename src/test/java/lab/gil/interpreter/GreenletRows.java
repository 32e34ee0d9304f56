package lab.gil.interpreter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.gil.greenlet.Hub;
import lab.gil.greenlet.WaitKind;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The fidelity rows of greenlets: the emulated hub against CPython's {@code asyncio} (always, when python3 is here)
 * and gevent (when {@code import gevent} works), run interleaved pair by pair like the rest of the fidelity table.
 *
 * <ul>
 *   <li>100 and 10,000 waits of 50 ms and of 1 s gathered at once, wall time over the wall time of one wait:
 *       {@code asyncio.gather(*(asyncio.sleep(d) for _ in range(n)))}, {@code gevent.joinall([gevent.spawn(
 *       gevent.sleep, d) ...])}, and N greenlets each running {@code io d} (a loopback socket, and a timer).</li>
 *   <li>The latency of an I/O greenlet waiting 1 ms at a time next to one that computes for 20 ms between waits:
 *       median from each wait's intended end to the greenlet running again (CPython: about the whole 20 ms).</li>
 * </ul>
 * Runs alone with {@code java -cp target/classes:target/test-classes lab.gil.interpreter.GreenletRows} after
 * {@code ./mvnw -q test-compile}; the fidelity benchmark prints the same rows.
 */
final class GreenletRows {

    private static final int PAIRS = Integer.getInteger("bench.greenlets.pairs", 3);
    private static final int[] COUNTS = {100, 10_000};
    private static final double[] WAITS_SECONDS = {0.05, 1.0};
    /** How long the busy greenlet computes between its waits. */
    private static final Duration COMPUTE = Duration.ofMillis(20);
    /** Waits of the I/O greenlet per sample; the busy one computes and waits until the I/O greenlet is done. */
    private static final int TICKS = 25;

    private GreenletRows() {
    }

    public static void main(String[] args) throws Exception {
        Calibration calibration = Calibration.measure();
        System.out.println("Calibration: " + calibration);
        List<PairedRow> rows = measure(calibration, CPythonRunner.available());
        System.out.println(PairedRow.header());
        rows.forEach(r -> System.out.println(r.format()));
    }

    /** Measures every row, printing each pair as it goes; a row's CPython column is asyncio, or gevent when named. */
    static List<PairedRow> measure(Calibration calibration, boolean python) throws InterruptedException {
        java.util.Optional<String> geventPython = CPythonRunner.pythonWith("gevent");
        boolean gevent = geventPython.isPresent();
        System.out.println(gevent ? "gevent: installed for " + geventPython.get() + " (CPython "
                + CPythonRunner.version(geventPython.get()) + ")" : "gevent not installed: gevent rows skipped");
        Map<String, PairedRow> rows = new java.util.LinkedHashMap<>();
        for (String side : gevent ? List.of("asyncio", "gevent") : List.of("asyncio")) {
            for (double wait : WAITS_SECONDS) {
                for (int n : COUNTS) {
                    for (WaitKind kind : WaitKind.values()) {
                        String name = String.format("%,d waits of %s gathered / 1 wait, %s vs %s", n,
                                wait < 1 ? (int) (wait * 1000) + " ms" : (int) wait + " s",
                                kind.name().toLowerCase(), side);
                        rows.put(key(side, kind, n, wait), PairedRow.of(name, "x", 1,
                                PairedRow.Target.WITHIN_10_PERCENT));
                    }
                }
            }
            rows.put(side + "-latency", PairedRow.of("io 1ms next to a greenlet computing 20 ms, vs " + side
                    + " (median wake-up latency)", "ms", 1e3, PairedRow.Target.WITHIN_FACTOR_1_5));
        }
        long iterations = Math.round(COMPUTE.toNanos() / calibration.nsPerIteration());
        warmUp(calibration);
        for (int pair = 0; pair < PAIRS; pair++) {
            Map<String, Double> asyncio = python ? CPythonRunner.run(ASYNCIO_GATHER) : null;
            Map<String, Double> geventFigures = gevent ? CPythonRunner.runWithSite(geventPython.get(), GEVENT_GATHER) : null;
            for (WaitKind kind : WaitKind.values()) {
                Map<String, Double> hub = gathered(calibration, kind);
                for (double wait : WAITS_SECONDS) {
                    for (int n : COUNTS) {
                        String figure = "n" + n + "_d" + Math.round(wait * 1000);
                        String one = "n1_d" + Math.round(wait * 1000);
                        double emulated = hub.get(figure) / hub.get(one);
                        rows.get(key("asyncio", kind, n, wait)).add(
                                asyncio == null ? null : asyncio.get(figure) / asyncio.get(one), emulated);
                        if (gevent) {
                            rows.get(key("gevent", kind, n, wait)).add(
                                    geventFigures.get(figure) / geventFigures.get(one), emulated);
                        }
                    }
                }
                System.out.printf("  greenlets gathered (%s) pair %d  asyncio %s  gevent %s  emulation %s%n",
                        kind, pair + 1, asyncio, geventFigures, hub);
            }
            Map<String, Double> asyncioLatency = python ? CPythonRunner.run(ASYNCIO_LATENCY, iterations, TICKS) : null;
            Map<String, Double> geventLatency = gevent
                    ? CPythonRunner.runWithSite(geventPython.get(), GEVENT_LATENCY, iterations, TICKS) : null;
            double emulated = latencyNextToCompute(calibration, iterations);
            rows.get("asyncio-latency").add(asyncioLatency == null ? null : asyncioLatency.get("median"), emulated);
            if (gevent) {
                rows.get("gevent-latency").add(geventLatency.get("median"), emulated);
            }
            System.out.printf("  latency next to 20 ms of computing pair %d  asyncio %s  gevent %s  emulation %.4f%n",
                    pair + 1, asyncioLatency, geventLatency, emulated);
        }
        return new ArrayList<>(rows.values());
    }

    private static String key(String side, WaitKind kind, int n, double wait) {
        return side + "-" + kind + "-" + n + "-" + wait;
    }

    /** Seconds for 1, 100 and 10,000 greenlets each waiting once, at every wait length, as {@code n<N>_d<ms>}. */
    private static Map<String, Double> gathered(Calibration calibration, WaitKind kind) throws InterruptedException {
        Map<String, Double> seconds = new HashMap<>();
        for (double wait : WAITS_SECONDS) {
            TaskProgram program = new TaskProgram(List.of(new Step.Io(Duration.ofNanos(Math.round(wait * 1e9)))));
            for (int n : new int[] {1, COUNTS[0], COUNTS[1]}) {
                seconds.put("n" + n + "_d" + Math.round(wait * 1000), run(calibration, kind, n, task -> program));
            }
        }
        return seconds;
    }

    /** Seconds from starting the hub (spawning included, as in the Python) until every greenlet has ended. */
    private static double run(Calibration calibration, WaitKind kind, int greenlets,
                              java.util.function.IntFunction<TaskProgram> programFor) throws InterruptedException {
        try (Hub hub = new Hub(greenlets, calibration, kind, false)) {
            long start = System.nanoTime();
            hub.start(greenlets, programFor);
            if (!hub.awaitEnd(Duration.ofMinutes(2))) {
                throw new IllegalStateException("greenlets still running after 2 minutes");
            }
            long took = System.nanoTime() - start;
            if (hub.failure() != null) {
                throw new IllegalStateException(hub.failure());
            }
            return took / 1e9;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Median seconds from each 1 ms wait's intended end to the I/O greenlet running again, next to a greenlet that
     * computes {@code iterations} countdown iterations between 1 ms waits; read from the I/O greenlet's lane.
     */
    private static double latencyNextToCompute(Calibration calibration, long iterations) throws InterruptedException {
        List<Step> busy = new ArrayList<>();
        for (int i = 0; i < TICKS + 2; i++) {
            busy.add(new Step.Cpu(iterations));
            busy.add(new Step.Io(Duration.ofMillis(1)));
        }
        TaskProgram computing = new TaskProgram(busy);
        TaskProgram ticking = new TaskProgram(Collections.nCopies(TICKS, new Step.Io(Duration.ofMillis(1))));
        List<Long> waits = new ArrayList<>();
        try (Hub hub = new Hub(2, calibration, WaitKind.SOCKET, true)) {
            hub.start(2, task -> task == 0 ? computing : ticking);
            Map<Integer, lab.gil.interpreter.StateChange> open = new HashMap<>();
            java.util.function.Consumer<lab.gil.interpreter.StateChange> collect = c -> {
                StateChange before = open.put(c.worker(), c);
                if (c.worker() == 2 && before != null && before.state() == WorkerState.WAITING_FOR_GIL
                        && c.state() == WorkerState.RUNNING) {
                    waits.add(c.nanoTime() - before.nanoTime());
                }
            };
            while (!hub.awaitEnd(Duration.ofMillis(50))) {
                hub.drainStateChanges(collect);
            }
            hub.drainStateChanges(collect);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // The first turn of the I/O greenlet is its start, not a wake-up from a wait.
        List<Long> wakeUps = waits.subList(Math.min(1, waits.size()), waits.size());
        return PairedRow.median(wakeUps.stream().map(w -> w / 1e9).toList());
    }

    private static void warmUp(Calibration calibration) throws InterruptedException {
        TaskProgram program = TaskProgram.parse("io 1ms; io 1ms");
        for (WaitKind kind : WaitKind.values()) {
            run(calibration, kind, 2000, task -> program);
        }
    }

    static final String ASYNCIO_GATHER = """
            import asyncio, time
            async def gathered(n, d):
                t = time.perf_counter()
                await asyncio.gather(*(asyncio.sleep(d) for _ in range(n)))
                return time.perf_counter() - t
            for d in (0.05, 1.0):
                for n in (1, 100, 10000):
                    print("n%d_d%d" % (n, round(d * 1000)), asyncio.run(gathered(n, d)))
            """;

    static final String GEVENT_GATHER = """
            import time, gevent
            def gathered(n, d):
                t = time.perf_counter()
                gevent.joinall([gevent.spawn(gevent.sleep, d) for _ in range(n)])
                return time.perf_counter() - t
            for d in (0.05, 1.0):
                for n in (1, 100, 10000):
                    print("n%d_d%d" % (n, round(d * 1000)), gathered(n, d))
            """;

    static final String ASYNCIO_LATENCY = """
            import asyncio, sys, time
            N, K = int(sys.argv[1]), int(sys.argv[2])
            def countdown(n):
                while n > 0:
                    n -= 1
            async def busy(done):
                while not done.is_set():
                    countdown(N)
                    await asyncio.sleep(0.001)
            async def ticker(lat):
                for _ in range(K):
                    t = time.perf_counter()
                    await asyncio.sleep(0.001)
                    lat.append(time.perf_counter() - t - 0.001)
            async def main():
                done, lat = asyncio.Event(), []
                b = asyncio.create_task(busy(done))
                await asyncio.sleep(0)
                await ticker(lat)
                done.set()
                await b
                lat.sort()
                print("median", lat[len(lat) // 2])
            asyncio.run(main())
            """;

    static final String GEVENT_LATENCY = """
            import sys, time, gevent
            N, K = int(sys.argv[1]), int(sys.argv[2])
            done = False
            def countdown(n):
                while n > 0:
                    n -= 1
            def busy():
                while not done:
                    countdown(N)
                    gevent.sleep(0.001)
            lat = []
            def ticker():
                for _ in range(K):
                    t = time.perf_counter()
                    gevent.sleep(0.001)
                    lat.append(time.perf_counter() - t - 0.001)
            b = gevent.spawn(busy)
            gevent.sleep(0)
            ticker()
            done = True
            b.join()
            lat.sort()
            print("median", lat[len(lat) // 2])
            """;
}
