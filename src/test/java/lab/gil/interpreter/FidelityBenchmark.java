package lab.gil.interpreter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs real CPython ({@code python3 -S}) and the emulation on the same experiments, interleaved pair by pair
 * (CPython, emulation, CPython, ...), and prints medians of paired ratios: the fidelity table of the emulation.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@fidelity-bench}. It prints figures and asserts nothing:
 * wake-up latency on these virtual machines drifts too much for a pass/fail build step.
 */
public final class FidelityBenchmark {

    /** Countdown iterations for the 1-thread run; the 2- and 4-thread runs share the same total. */
    private static final long COUNTDOWN_TOTAL = Long.getLong("bench.countdown", 10_000_000L);
    private static final int COUNTDOWN_PAIRS = Integer.getInteger("bench.pairs", 9);
    private static final int IO_PAIRS = 5;
    private static final int HASHING_PAIRS = 5;
    private static final int LATENCY_PAIRS = 3;
    private static final int RECORDING_PAIRS = 3;
    /** sha256 calls of 32 MiB for the 1-thread run (about 25 ms each here). */
    private static final int HASHING_CALLS = 16;
    private static final double[] INTERVALS_MS = {0.5, 5, 50};
    /** Countdown iterations of the oversubscription rows, split over the processes. */
    private static final long OVERSUBSCRIPTION_TOTAL = Long.getLong("bench.oversubscription.total", 20_000_000L);
    private static final int OVERSUBSCRIPTION_ROUNDS = Integer.getInteger("bench.oversubscription.rounds", 5);

    private FidelityBenchmark() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.printf("GIL Lab fidelity benchmark, %s, %d cores%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors());
        long calibrationStart = System.nanoTime();
        Calibration calibration = Calibration.measure();
        System.out.printf("Calibration: %s, measured in %.0f ms%n", calibration,
                (System.nanoTime() - calibrationStart) / 1e6);
        boolean python = CPythonRunner.available();
        System.out.println(python ? "CPython: python3 -S found" : "CPython: python3 not found, CPython column skipped");
        EmulatedExperiments emulation = new EmulatedExperiments(calibration);
        emulation.countdown(1_000_000); // warm up the JIT on every path the pairs take
        emulation.hashing(2, Duration.ofMillis(2));

        long benchStart = System.nanoTime();
        List<PairedRow> rows = new ArrayList<>();
        rows.addAll(countdownRows(python, emulation));
        rows.addAll(ioRows(python, emulation));
        Duration call = Duration.ofMillis(25);
        rows.addAll(hashingRows(python, emulation, call));
        rows.addAll(latencyRows(python, emulation));
        rows.addAll(GreenletRows.measure(calibration, python));
        lab.gil.run.interpreters.InterpreterRows.print(calibration);

        System.out.println();
        System.out.println(PairedRow.header());
        rows.forEach(r -> System.out.println(r.format()));
        System.out.println("* or the stated reference where CPython has no figure. Latencies are the emulation's"
                + " histogram medians (buckets 1/16 wide).");
        System.out.printf("%nComparison pairs took %.0f s.%n", (System.nanoTime() - benchStart) / 1e9);

        recordingCost(emulation);
        oversubscriptionRows(calibration);
    }

    /** Worker processes beyond the cores beside CPython's Pool(P): time relative to P = 2 and context switches. */
    private static void oversubscriptionRows(Calibration calibration) throws InterruptedException {
        try {
            lab.gil.run.process.OversubscriptionBench.measureAndPrint(calibration, OVERSUBSCRIPTION_TOTAL,
                    OVERSUBSCRIPTION_ROUNDS);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            System.out.println("Oversubscription rows failed: " + e);
        }
    }

    private static List<PairedRow> countdownRows(boolean python, EmulatedExperiments emulation)
            throws InterruptedException {
        PairedRow oneThread = PairedRow.of("countdown, 1 thread (absolute)", "s", 1, PairedRow.Target.WITHIN_10_PERCENT);
        PairedRow two = PairedRow.of("countdown, 2 threads / 1 thread", "x", 1, PairedRow.Target.WITHIN_10_PERCENT);
        PairedRow four = PairedRow.of("countdown, 4 threads / 1 thread", "x", 1, PairedRow.Target.WITHIN_10_PERCENT);
        PairedRow free = new PairedRow("countdown, 2 threads no GIL / 1 thread", "x", 1,
                PairedRow.Target.WITHIN_10_PERCENT, 0.5, "ideal 0.500");
        // CPython 3.11 has no free-threaded build here, so the no-GIL row is also compared with what two plain Java
        // threads achieved on this machine in the same pair: the best any emulation could do at that moment.
        PairedRow freeVsMachine = PairedRow.of("  same, vs 2 plain Java threads (machine now)", "x", 1,
                PairedRow.Target.WITHIN_10_PERCENT);
        for (int pair = 0; pair < COUNTDOWN_PAIRS; pair++) {
            Map<String, Double> c = python ? CPythonRunner.run(CPythonRunner.COUNTDOWN, COUNTDOWN_TOTAL) : null;
            Map<String, Double> e = emulation.countdown(COUNTDOWN_TOTAL);
            oneThread.add(c == null ? null : c.get("t1"), e.get("t1"));
            two.add(c == null ? null : c.get("t2") / c.get("t1"), e.get("t2") / e.get("t1"));
            four.add(c == null ? null : c.get("t4") / c.get("t1"), e.get("t4") / e.get("t1"));
            free.add(null, e.get("ft2") / e.get("t1"));
            freeVsMachine.add(emulation.machineParallelism(Duration.ofMillis(300)), e.get("ft2") / e.get("t1"));
            progress("countdown", pair, c, e);
        }
        return List.of(oneThread, two, four, free, freeVsMachine);
    }

    private static List<PairedRow> ioRows(boolean python, EmulatedExperiments emulation)
            throws InterruptedException {
        PairedRow ten = PairedRow.of("100 x io 50ms, pool 10 / pool 1", "x", 1, PairedRow.Target.WITHIN_10_PERCENT);
        PairedRow hundred = PairedRow.of("100 x io 50ms, pool 100 / pool 1", "x", 1,
                PairedRow.Target.WITHIN_10_PERCENT);
        for (int pair = 0; pair < IO_PAIRS; pair++) {
            Map<String, Double> c = python ? CPythonRunner.run(CPythonRunner.IO_POOLS) : null;
            Map<String, Double> e = emulation.ioPools();
            ten.add(c == null ? null : c.get("p10") / c.get("p1"), e.get("p10") / e.get("p1"));
            hundred.add(c == null ? null : c.get("p100") / c.get("p1"), e.get("p100") / e.get("p1"));
            progress("io pools", pair, c, e);
        }
        return List.of(ten, hundred);
    }

    private static List<PairedRow> hashingRows(boolean python, EmulatedExperiments emulation, Duration fallbackCall)
            throws InterruptedException {
        PairedRow two = PairedRow.of("GIL-releasing C work, 2 threads / 1 thread", "x", 1,
                PairedRow.Target.WITHIN_10_PERCENT);
        Duration call = fallbackCall;
        for (int pair = 0; pair < HASHING_PAIRS; pair++) {
            Map<String, Double> c = python ? CPythonRunner.run(CPythonRunner.HASHING, HASHING_CALLS) : null;
            if (c != null && pair == 0) {
                call = Duration.ofNanos(Math.round(c.get("call") * 1e9)); // emulate the same call length
            }
            Map<String, Double> e = emulation.hashing(HASHING_CALLS, call);
            two.add(c == null ? null : c.get("t2") / c.get("t1"), e.get("t2") / e.get("t1"));
            progress("hashing (native " + call.toNanos() / 1_000_000.0 + " ms)", pair, c, e);
        }
        return List.of(two);
    }

    private static List<PairedRow> latencyRows(boolean python, EmulatedExperiments emulation)
            throws InterruptedException {
        List<PairedRow> rows = new ArrayList<>();
        for (double intervalMs : INTERVALS_MS) {
            PairedRow alone = PairedRow.of("io 1ms wake-up latency, alone, interval " + intervalMs + " ms", "ms",
                    1e3, PairedRow.Target.WITHIN_FACTOR_1_5);
            PairedRow convoy = PairedRow.of("io 1ms wake-up latency, next to CPU, interval " + intervalMs + " ms",
                    "ms", 1e3, PairedRow.Target.WITHIN_FACTOR_1_5);
            int samples = (int) Math.max(20, Math.min(200, 1000 / (intervalMs + 1)));
            Duration interval = Duration.ofNanos(Math.round(intervalMs * 1e6));
            for (int pair = 0; pair < LATENCY_PAIRS; pair++) {
                for (boolean nextToCpu : new boolean[] {false, true}) {
                    Map<String, Double> c = python ? CPythonRunner.run(CPythonRunner.WAKE_UP_LATENCY,
                            intervalMs / 1000, samples, nextToCpu ? 1 : 0) : null;
                    Map<String, Double> e = emulation.wakeUpLatency(interval, samples, nextToCpu);
                    (nextToCpu ? convoy : alone).add(c == null ? null : c.get("median"), e.get("median"));
                    progress("latency " + intervalMs + " ms" + (nextToCpu ? " +cpu" : ""), pair, c, e);
                }
            }
            rows.add(alone);
            rows.add(convoy);
        }
        return rows;
    }

    /**
     * What recording state changes costs a CPU-bound run: 2 countdown threads under the GIL, recording on / off,
     * and, steadier than whole-run timings on a shared machine, the cost of one recorded change times the number
     * of changes such a run records.
     */
    private static void recordingCost(EmulatedExperiments emulation) throws InterruptedException {
        System.out.println();
        System.out.println("Recording cost (2 countdown threads under the GIL, " + COUNTDOWN_TOTAL
                + " iterations in all, interleaved off/on pairs):");
        for (Duration interval : List.of(Interpreter.DEFAULT_SWITCH_INTERVAL, Interpreter.MIN_SWITCH_INTERVAL)) {
            List<Double> ratios = new ArrayList<>();
            List<Double> off = new ArrayList<>();
            for (int pair = 0; pair < RECORDING_PAIRS; pair++) {
                double withoutRecording = emulation.timeThreads(GilMode.GIL, interval, 2,
                        EmulatedExperiments.cpu(COUNTDOWN_TOTAL / 2), false);
                double withRecording = emulation.timeThreads(GilMode.GIL, interval, 2,
                        EmulatedExperiments.cpu(COUNTDOWN_TOTAL / 2), true);
                off.add(withoutRecording);
                ratios.add(withRecording / withoutRecording);
            }
            System.out.printf("  interval %.1f ms: off %.3f s (median), on/off = %.3f (median of %d pairs: %s)%n",
                    interval.toNanos() / 1e6, PairedRow.median(off), PairedRow.median(ratios), RECORDING_PAIRS,
                    format(ratios, r -> String.format("%.3f", r)));
            long changes = emulation.countStateChanges(interval, COUNTDOWN_TOTAL);
            double appendNanos = appendNanos();
            double offSeconds = PairedRow.median(off);
            System.out.printf("    %d state changes recorded in such a run (%.0f per second), %.1f ns each:"
                    + " %.4f%% of the run's time%n", changes, changes / offSeconds, appendNanos,
                    100 * changes * appendNanos / (offSeconds * 1e9));
        }
    }

    /** Nanoseconds one state change costs the worker that records it, drained as the observer would. */
    private static double appendNanos() {
        StateLog log = new StateLog(0, Interpreter.STATE_LOG_CAPACITY);
        int perDrain = Interpreter.STATE_LOG_CAPACITY / 2;
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 50; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < perDrain; i++) {
                log.append(WorkerState.values()[i & 3], System.nanoTime());
            }
            best = Math.min(best, System.nanoTime() - start);
            log.drainTo(change -> { });
        }
        return (double) best / perDrain;
    }

    private static void progress(String what, int pair, Map<String, Double> cpython, Map<String, Double> emulation) {
        System.out.printf("  %-28s pair %d  CPython %s  emulation %s%n", what, pair + 1,
                cpython == null ? "-" : cpython, emulation);
    }

    private static String format(List<Double> values, Function<Double, String> f) {
        return String.join(" ", values.stream().map(f).toList());
    }
}
