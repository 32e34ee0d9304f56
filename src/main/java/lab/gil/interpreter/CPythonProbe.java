package lab.gil.interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measures what one iteration of the seed's countdown ({@code while n > 0: n -= 1}) costs in the local CPython when a
 * lesson runs it: one long call, as {@code countdown(COUNT // n)} is. It runs {@link #PROGRAMS} fresh
 * {@code python3 -S}, each timing a few fresh countdowns of {@link #SAMPLE_ITERATIONS} on each of the server's first
 * {@link #CORES} cores, and answers the median of the calmest core (the median of its programs' medians).
 *
 * <p>Why long samples: a long countdown pays for everything that happens while it runs (timer interrupts, the
 * other hyper-thread, the host), and that is what a lesson's countdown costs. The fastest of many short samples (a
 * 5th percentile of 100,000 iterations, what this probe did before) is a countdown that happened to run between two
 * such things: 22.9-23.8 ns an iteration here, where a 12 M countdown in a fresh {@code python3 -S} cost
 * 24.7-26.3 ns, so every absolute time the emulation gave came out about 8% short. Why the median of a few, not the
 * fastest: the fastest of a few long ones is still a lucky one. On a quiet machine (2026-12-07) fresh
 * {@code python3 -S} countdowns of 3, 12 and 20 M cost 20.1-23.2 ns an iteration, 20.5-21.5 typically, while the
 * fastest of the probe's six samples read 19.4-20.0, and every lesson's time came out about 5% short of CPython's
 * typical run. The median of each core is what a countdown there typically costs; the calmest core's median counts.
 *
 * <p>Why every sample runs a countdown function of its own, compiled afresh: the lessons' Python calls
 * {@code countdown} once per thread, and CPython 3.11 specializes a function's bytecode only after it has been
 * called about eight times. Called once, an iteration costs about 20 ns here; the same function called a hundred
 * times costs about 14.5 ns, and a probe that timed one function over and over calibrated the emulation a third
 * too fast for every lesson. A fresh function per sample is what the lessons' single call runs.
 *
 * <p>Why the countdown's own CPU time ({@code time.thread_time}), not the clock: the server runs this probe at its
 * start, when its own JIT compiler threads may still hold the cores. Timed by the clock, a countdown that waited for
 * a core cost 31.2 ns an iteration at a server's start and 23.8 ns a minute later, and every run of that server came
 * out 1.3 times slower than CPython. A countdown's CPU time is what its iterations cost, whoever else runs; on a
 * quiet machine it equals the clock's (20.4 against 20.4 ns here), beside two busy loops it was 22.2 against 29.1.
 *
 * <p>Why on each core, and the calmest core's figure: cores of one server need not cost CPython the same at a given
 * moment. On this 2-core VM, one morning, a countdown cost 20.4-22.3 ns an iteration on core 1 and 34.3-37.8 ns on
 * core 0, in CPU time, for some minutes (a neighbour on the host; a JVM's arithmetic loop cost the same on both),
 * so a fresh python3 ran at one speed or the other by where the scheduler put it. The calmest core's (the lowest median) is
 * CPython's cost on this hardware; a core that is slower by its own design (a laptop's efficiency core) runs the emulation's
 * kernel slower too, so the emulation follows it without a calibration of its own. The figures of every core are
 * logged.
 *
 * <p>Why several programs: on some hosts a fresh {@code python3 -S} runs at its own speed, whichever core it is
 * on. On this VM (2026-12-07, 20:05 UTC) nine fresh programs' 12 M countdowns cost 34.0-56.4 ns an iteration, on
 * core 0, core 1 or either, each program at one speed throughout; one program's two cores read 36.9 and 49.9 and
 * the probe took 36.9, while the fidelity benchmark's fresh programs minutes later ran at 43-55 (median 50), so the
 * emulation's countdowns came out 0.73-0.87 of CPython's. A lesson's CPython program is such a fresh program: its
 * typical speed is the median of several.
 *
 * <p>And what an iteration costs once {@code countdown} is warm, on the same core: one function called
 * {@link CodeWarmth#COLD_CALLS} times on a few iterations, then timed as the cold ones ({@link CodeWarmth}), each
 * warm sample right after a cold one; the warm cost is the cold median times the median of the pairs' ratios.
 * Timed as a block after the cold ones, the warm figure followed the host's drift instead: on a VM whose CPU time
 * per iteration moved from 32 to 38 ns within seconds, warm read 38.0 against cold 32.1 (2026-12-07), and the
 * server took CPython 3.11 for one that does not quicken.
 *
 * <p>No program runs longer than {@link #TIMEOUT_SECONDS}; answers empty when python3 is absent, fails or is slow.
 */
final class CPythonProbe {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CPythonProbe.class);

    /** Iterations per sample: about 75 ms of CPython here, as long as the shortest countdown of a lesson's thread. */
    static final int SAMPLE_ITERATIONS = 3_000_000;
    /** Fresh programs the probe runs one after the other; each core's median of their medians counts. */
    static final int PROGRAMS = 3;
    /**
     * Samples on each core in each program, of which the median counts, each followed by a sample of the warm
     * function: about 0.7 s of CPython a core on a quiet machine, for the three programs.
     */
    static final int SAMPLES = 3;
    /** The most cores it is timed on, the first this server may use. */
    static final int CORES = 4;
    /**
     * The longest the probe may take: about 0.4 s on a quiet machine, but at a load average of 13 on 2 cores a
     * probe once took more than 5 s, and then the server fell back to a figure not measured here.
     */
    static final long TIMEOUT_SECONDS = 30;

    /**
     * What the probe found: the interpreter's version (such as 3.11.7), its cost of one countdown iteration, and the
     * same once the function is warm.
     */
    record Measured(String version, double nsPerIteration, double warmNsPerIteration) {

        /** A warm iteration's cost over a cold one's. */
        double warmShare() {
            return warmNsPerIteration / nsPerIteration;
        }
    }

    private static final String SCRIPT = """
            import os, sys, time
            SOURCE = "def countdown(n):\\n    while n > 0:\\n        n -= 1\\n"
            def fresh_countdown():
                names = {}
                exec(SOURCE, names)
                return names["countdown"]
            def timed(countdown):
                t = time.thread_time()
                countdown(%1$d)
                return time.thread_time() - t
            def median(samples):
                return sorted(samples)[len(samples) // 2] / %1$d * 1e9
            def cold_and_warm():
                warm = fresh_countdown()
                for _ in range(%4$d):
                    warm(1000)
                cold, ratios = [], []
                for _ in range(%2$d):
                    cold.append(timed(fresh_countdown()))
                    ratios.append(timed(warm) / cold[-1])
                cold_ns = median(cold)
                return cold_ns, cold_ns * sorted(ratios)[len(ratios) // 2]
            cores = sorted(os.sched_getaffinity(0))[:%3$d] if hasattr(os, "sched_getaffinity") else []
            per_core = []
            for core in cores:
                os.sched_setaffinity(0, {core})
                per_core.append(cold_and_warm())
            per_core = per_core or [cold_and_warm()]
            print(sys.version.split()[0])
            for cold, warm in per_core:
                print(cold, warm)
            """.formatted(SAMPLE_ITERATIONS, SAMPLES, CORES, CodeWarmth.COLD_CALLS);

    private CPythonProbe() {
    }

    /** CPython's version and nanoseconds per countdown iteration, or empty when python3 cannot tell us. */
    static Optional<Measured> countdown() {
        String version = null;
        List<List<double[]>> perCore = new ArrayList<>(); // per core: each program's (cold, warm)
        for (int program = 0; program < PROGRAMS; program++) {
            Optional<List<String>> lines = oneProgram();
            if (lines.isEmpty() || lines.get().size() < 2) {
                return Optional.empty();
            }
            version = lines.get().getFirst().strip();
            for (int core = 0; core < lines.get().size() - 1; core++) {
                Optional<double[]> coldAndWarm = coldAndWarm(lines.get().get(core + 1));
                if (coldAndWarm.isEmpty()) {
                    return Optional.empty();
                }
                if (perCore.size() <= core) {
                    perCore.add(new ArrayList<>());
                }
                perCore.get(core).add(coldAndWarm.get());
            }
        }
        Measured calmest = null;
        StringBuilder figures = new StringBuilder();
        for (List<double[]> programs : perCore) {
            double cold = median(programs.stream().mapToDouble(p -> p[0]).toArray());
            double warmShare = median(programs.stream().mapToDouble(p -> p[1] / p[0]).toArray());
            figures.append(String.format(" %.1f (%s)", cold, programs.stream()
                    .map(p -> String.format("%.1f", p[0])).collect(java.util.stream.Collectors.joining(" "))));
            if (calmest == null || cold < calmest.nsPerIteration()) {
                calmest = new Measured(version, cold, cold * warmShare);
            }
        }
        log.info("CPython's countdown on each core it was timed on, the median of {} fresh programs:{} ns an iteration;"
                + " once warm, on the calmest core: {} ns", PROGRAMS, figures, calmest == null ? "-"
                : String.format("%.1f", calmest.warmNsPerIteration()));
        return Optional.ofNullable(calmest);
    }

    /** A line's cold and warm figures, both positive; empty when the line is not two such numbers. */
    private static Optional<double[]> coldAndWarm(String line) {
        String[] pair = line.strip().split("\\s+");
        if (pair.length != 2) {
            return Optional.empty();
        }
        try {
            double[] figures = {Double.parseDouble(pair[0]), Double.parseDouble(pair[1])};
            return figures[0] > 0 && figures[1] > 0 ? Optional.of(figures) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The median of {@code values}: the middle one, or the upper of the two middle ones. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** One fresh program's lines: the version, then a cold and a warm figure per core; empty when it failed. */
    private static Optional<List<String>> oneProgram() {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-S", "-c", SCRIPT).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return Optional.empty();
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip()
                    .lines().toList());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }
}
