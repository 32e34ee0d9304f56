package lab.gil.machine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.gil.interpreter.CopyCost;
import lab.gil.interpreter.PipeCost;

/**
 * Measures, by running this server's {@code python3}, what CPython spends beside its loop on the work the emulation
 * must charge for: sending an object through a {@code multiprocessing} pipe and receiving one (pickling, the pipe,
 * unpickling), at a few sizes, and an
 * event loop's work on each of many tasks that wait (creating and starting a task until it waits, then waking it).
 *
 * <p>Each probe runs in a fresh interpreter and answers empty when python3 (or gevent) is absent, fails, or takes
 * longer than {@link #TIMEOUT_SECONDS}.
 */
final class CPythonCostProbe {

    /** The longest one probe may take: about a second on a quiet machine, many on a busy one. */
    static final long TIMEOUT_SECONDS = 60;
    /** Tasks of the event-loop probe, as many as the greenlets lesson's. */
    static final int TASKS = 10_000;
    /**
     * Each task's wait: far shorter than starting them all, as a lesson's short waits are, so that most wake-ups come
     * while later tasks start (a wake-up after a long wait costs more: see {@link #EVENT_LOOP}).
     */
    static final double WAIT_SECONDS = 0.001;
    /** Fresh programs timed for each way and size of at most 32 MiB. */
    private static final int PROGRAMS = 3;
    /** Copies each of those programs makes: the first fresh, the second grown, the later ones reused. */
    private static final int COPIES = 4;
    /** The most cores the event loop is timed on, the first this server may use (as CPython's countdown). */
    private static final int CORES = 4;

    /**
     * A pipe between a fresh program and the child process it spawns, as a lesson's CPython program copies its
     * arguments and results: {@code cpython/fresh_copies.py}, which the fidelity benchmark's {@code copy_bench.py}
     * uses too. Each program copies one size one way {@value #COPIES} times: the first copy's memory is fresh, the
     * second's a grown heap, the later ones' reused ({@link lab.gil.interpreter.ProcessHeap}); of {@value #PROGRAMS}
     * programs, the median of each (the later ones' fastest in each program). Beyond 32 MiB every copy is fresh, so
     * a program copies once, and the largest size too is the median of three programs: one program's 100 MiB
     * receive took 342 to 1,108 ms from one program to the next (2026-12-07, 16:46 UTC), and a single one had
     * charged every run's large copies whichever of those it met.
     */
    private static final String PIPE_SCRIPT = "/cpython/fresh_copies.py";

    /**
     * N tasks that each wait, gathered at once: the last to start (both loops start tasks in the order they were
     * made) stamps its thread's CPU clock; the start phase is that stamp, the rest is waking them all. Only the last
     * stamps: a stamp in every task (what this did before) is a system call each, and charged every greenlet about
     * 4 us that gevent's tasks do not spend (gevent's task cost 40.9 us with it, 36.7 without, on one core, 10:00 UTC
     * 2026-12-07). The waits end while later tasks start, so the start phase holds most wake-ups: the sum is what a
     * task costs, the split is not exact. A wake-up after a long wait costs more (with 10,000 tasks, gevent spent
     * 31.5 us starting each and 16 us waking it after 1 s, 4.3 after 50 ms, as the tasks' memory went cold), which
     * the charges, measured after 1 ms, leave out: a gathered run's time is its starts' (the wake-ups keep pace),
     * its CPU time is short by that. In CPU time
     * and on each of the first cores (as {@link lab.gil.interpreter.CPythonProbe}'s countdown, and for its reasons):
     * the fastest round of the calmest core counts. By the clock and wherever the scheduler put it, a probe that met
     * this VM's slow vCPU charged gevent's 10,000 tasks 46.6 us each while gevent itself, in the fidelity benchmark
     * minutes later, spent 32 us.
     */
    private static final String EVENT_LOOP = """
            import os, sys, time
            N, D, CORES = %d, %s, %d
            def asyncio_round():
                import asyncio
                started = []
                async def task(last):
                    if last:
                        started.append(time.thread_time())
                    await asyncio.sleep(D)
                async def main():
                    t0 = time.thread_time()
                    await asyncio.gather(*(task(i == N - 1) for i in range(N)))
                    return t0, time.thread_time()
                t0, t1 = asyncio.run(main())
                return started[0] - t0, t1 - t0
            def gevent_round():
                import gevent
                started = []
                def task(last):
                    if last:
                        started.append(time.thread_time())
                    gevent.sleep(D)
                t0 = time.thread_time()
                gevent.joinall([gevent.spawn(task, i == N - 1) for i in range(N)])
                return started[0] - t0, time.thread_time() - t0
            loop = sys.argv[1]
            one_round = asyncio_round if loop == "asyncio" else gevent_round
            one_round()
            cores = sorted(os.sched_getaffinity(0))[:CORES] if hasattr(os, "sched_getaffinity") else []
            rounds = []
            for core in cores or [None]:
                if core is not None:
                    os.sched_setaffinity(0, {core})
                rounds += [one_round() for _ in range(2)]
            start, total = min(rounds, key=lambda r: r[1])
            if loop == "gevent":
                import gevent
                print("gevent " + gevent.__version__)
            else:
                print("asyncio (CPython " + sys.version.split()[0] + ")")
            print(start / N * 1e6, max(0.0, total - start) / N * 1e6)
            """.formatted(TASKS, WAIT_SECONDS, CORES);

    /** What a pipe costs CPython here: sending to a child, and receiving from it, by size. */
    record Pipe(String version, PipeCost send, PipeCost receive) {}

    /** What an event loop spends per task: starting it until it waits, and waking it; {@code loop} names it. */
    record EventLoop(String loop, double startMicros, double wakeMicros) {}

    private CPythonCostProbe() {}

    static Optional<Pipe> pipe() {
        // A file, not -c: a spawned process imports its parent's main module to find the functions it runs.
        Path script;
        try (InputStream in = CPythonCostProbe.class.getResourceAsStream(PIPE_SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + PIPE_SCRIPT);
            }
            script = Files.createTempFile("gil-lab-pipe", ".py");
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            int fresh = CPythonCosts.COPY_SIZES_MIB.size();
            int heap = CPythonCosts.REUSED_SIZES_MIB.size();
            List<Integer> figures = List.of(fresh, heap, heap, fresh, heap, heap);
            String sizes = CPythonCosts.COPY_SIZES_MIB.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(","));
            return run(List.of("python3", "-S", script.toString(), sizes, String.valueOf(PROGRAMS),
                    String.valueOf(COPIES)), figures).map(lines -> new Pipe(lines.get(0),
                    pipeCost(lines.subList(1, 4)), pipeCost(lines.subList(4, 7))));
        } finally {
            try {
                Files.deleteIfExists(script);
            } catch (IOException e) {
                // a temporary file left behind
            }
        }
    }

    private static PipeCost pipeCost(List<String> freshGrownReused) {
        return new PipeCost(copyCost(freshGrownReused.get(0), CPythonCosts.COPY_SIZES_MIB),
                copyCost(freshGrownReused.get(1), CPythonCosts.REUSED_SIZES_MIB),
                copyCost(freshGrownReused.get(2), CPythonCosts.REUSED_SIZES_MIB));
    }

    private static CopyCost copyCost(String millis, List<Integer> sizesMiB) {
        String[] ms = millis.split("\\s+");
        List<CopyCost.Point> points = new ArrayList<>();
        for (int i = 0; i < ms.length; i++) {
            points.add(CopyCost.Point.ofMiB(sizesMiB.get(i), Double.parseDouble(ms[i])));
        }
        return new CopyCost(points);
    }

    /**
     * The costs of the first of {@code sources} that runs. gevent's with {@code site} (Debian's
     * {@code python3-gevent} lives where only {@code site} looks), asyncio's without.
     */
    static Optional<EventLoop> eventLoop(EventLoopSources sources) {
        for (EventLoopSources.Source source : sources.inOrder()) {
            Optional<EventLoop> loop = eventLoop(source.loop().equals(EventLoopSources.Source.GEVENT)
                    ? List.of(source.python(), "-c", EVENT_LOOP, source.loop())
                    : List.of(source.python(), "-S", "-c", EVENT_LOOP, source.loop()));
            if (loop.isPresent()) {
                return loop;
            }
        }
        return Optional.empty();
    }

    private static Optional<EventLoop> eventLoop(List<String> command) {
        return run(command, List.of(2)).map(lines -> {
            String[] us = lines.get(1).split("\\s+");
            return new EventLoop(lines.get(0), Double.parseDouble(us[0]), Double.parseDouble(us[1]));
        });
    }

    /**
     * The lines a probe prints: its version, then as many figures on each line as {@code figures} says; empty when it
     * could not run or said something else.
     */
    private static Optional<List<String>> run(List<String> command, List<Integer> figures) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException absent) {
            return Optional.empty();
        }
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            List<String> lines = new ArrayList<>(new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip().lines().map(String::strip).toList());
            if (lines.size() != 1 + figures.size()) {
                return Optional.empty();
            }
            for (int i = 0; i < figures.size(); i++) {
                String[] line = lines.get(i + 1).split("\\s+");
                if (line.length != figures.get(i)) {
                    return Optional.empty();
                }
                for (String figure : line) {
                    if (!(Double.parseDouble(figure) >= 0)) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(lines);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        } finally {
            process.destroyForcibly();
        }
    }
}
