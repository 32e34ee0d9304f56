package lab.gil.machine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Measures, by running this server's {@code python3}, what CPython spends beside its loop on the work the emulation
 * must charge for: sending an object through a {@code multiprocessing} pipe (pickling, the pipe, unpickling), and an
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
    /** Each task's wait: far shorter than starting them all, so that every wake-up comes after the last start. */
    static final double WAIT_SECONDS = 0.001;

    /**
     * A pipe between this process and a forked child: the child answers each object it receives with the monotonic
     * clock (which both processes share) once {@code conn.recv()} has returned; the parent's clock is read just
     * before {@code conn.send}. The fastest of 7 sends of 1 MiB and of 5 of 8 MiB (other programs only slow a send
     * down), objects made before the clock starts.
     */
    private static final String PIPE = """
            import multiprocessing as mp, sys, time
            def child(conn):
                while True:
                    obj = conn.recv()
                    if obj is None:
                        return
                    conn.send(time.monotonic_ns())
                    del obj
            def timed(conn, data):
                start = time.monotonic_ns()
                conn.send(data)
                return (conn.recv() - start) / 1e6
            ctx = mp.get_context("fork")
            parent, end = ctx.Pipe()
            p = ctx.Process(target=child, args=(end,), daemon=True)
            p.start()
            fastest = []
            for mib, samples in ((1, 7), (8, 5)):
                data = bytes(mib << 20)
                timed(parent, data)
                fastest.append(min(timed(parent, data) for _ in range(samples)))
                del data
            parent.send(None)
            p.join()
            print(sys.version.split()[0])
            print(fastest[0], fastest[1])
            """;

    /**
     * N tasks that each wait, gathered at once: each stamps the clock as it starts; the start phase is the last
     * stamp, the rest is waking them all (the wait itself is far shorter than the start phase). The fastest of
     * three rounds after a warm-up round.
     */
    private static final String EVENT_LOOP = """
            import sys, time
            N, D = %d, %s
            def asyncio_round():
                import asyncio
                started = []
                async def task():
                    started.append(time.perf_counter())
                    await asyncio.sleep(D)
                async def main():
                    t0 = time.perf_counter()
                    await asyncio.gather(*(task() for _ in range(N)))
                    return t0, time.perf_counter()
                t0, t1 = asyncio.run(main())
                return max(started) - t0, t1 - t0
            def gevent_round():
                import gevent
                started = []
                def task():
                    started.append(time.perf_counter())
                    gevent.sleep(D)
                t0 = time.perf_counter()
                gevent.joinall([gevent.spawn(task) for _ in range(N)])
                return max(started) - t0, time.perf_counter() - t0
            loop = sys.argv[1]
            one_round = asyncio_round if loop == "asyncio" else gevent_round
            one_round()
            start, total = min((one_round() for _ in range(3)), key=lambda r: r[1])
            if loop == "gevent":
                import gevent
                print("gevent " + gevent.__version__)
            else:
                print("asyncio (CPython " + sys.version.split()[0] + ")")
            print(start / N * 1e6, max(0.0, total - max(start, D)) / N * 1e6)
            """.formatted(TASKS, WAIT_SECONDS);

    /**
     * What a pipe costs: the fastest milliseconds of sending 1 MiB and 8 MiB.
     *
     * @param version the CPython measured
     */
    record Pipe(String version, double oneMiBMillis, double eightMiBMillis) {
        /** Milliseconds each MiB adds. */
        double millisPerMiB() {
            return Math.max(0, (eightMiBMillis - oneMiBMillis) / 7);
        }

        /** Milliseconds any object costs beyond its size. */
        double fixedMillis() {
            return Math.max(0, oneMiBMillis - millisPerMiB());
        }
    }

    /** What an event loop spends per task: starting it until it waits, and waking it; {@code loop} names it. */
    record EventLoop(String loop, double startMicros, double wakeMicros) {}

    private CPythonCostProbe() {}

    static Optional<Pipe> pipe() {
        return run(List.of("python3", "-S", "-c", PIPE)).map(lines -> {
            String[] ms = lines.get(1).split("\\s+");
            return new Pipe(lines.get(0), Double.parseDouble(ms[0]), Double.parseDouble(ms[1]));
        });
    }

    /**
     * gevent's costs when a python3 here has gevent ({@code python3}, else Debian's {@code /usr/bin/python3}, whose
     * {@code python3-gevent} lives where only {@code site} looks, so not with {@code -S}); asyncio's otherwise.
     */
    static Optional<EventLoop> eventLoop() {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            Optional<EventLoop> gevent = eventLoop(List.of(python, "-c", EVENT_LOOP, "gevent"));
            if (gevent.isPresent()) {
                return gevent;
            }
        }
        return eventLoop(List.of("python3", "-S", "-c", EVENT_LOOP, "asyncio"));
    }

    private static Optional<EventLoop> eventLoop(List<String> command) {
        return run(command).map(lines -> {
            String[] us = lines.get(1).split("\\s+");
            return new EventLoop(lines.get(0), Double.parseDouble(us[0]), Double.parseDouble(us[1]));
        });
    }

    /** The two lines a probe prints, or empty when it could not run or said something else. */
    private static Optional<List<String>> run(List<String> command) {
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
            if (lines.size() != 2 || lines.get(1).split("\\s+").length != 2) {
                return Optional.empty();
            }
            for (String figure : lines.get(1).split("\\s+")) {
                if (!(Double.parseDouble(figure) >= 0)) {
                    return Optional.empty();
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
