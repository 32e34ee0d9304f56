package lab.gil.run.interpreters;

import java.util.List;
import java.util.Optional;
import lab.gil.process.PythonOutput;

/**
 * What starting a subinterpreter costs in CPython 3.14 on this server, measured once by running {@code python3.14 -S}
 * when one is on the path: the median time {@code concurrent.interpreters.create()} took, and the resident memory
 * each interpreter added. Without CPython 3.14 (Debian 12 and the Docker image have none) there is no figure, and
 * the page says so rather than show one from elsewhere.
 */
public final class CPythonInterpreters {

    /** The interpreter that has {@code concurrent.interpreters} (PEP 734), found on the path. */
    static final String PYTHON = "python3.14";
    /** Interpreters made and timed, after one untimed. */
    static final int SAMPLES = 8;
    /** Longest the measurement may take before it is given up. */
    static final long TIMEOUT_SECONDS = 30;

    private static final String SCRIPT = """
            import statistics, sys, time
            from concurrent import interpreters
            def rss_kib():
                with open("/proc/self/status") as f:
                    for line in f:
                        if line.startswith("VmRSS:"):
                            return int(line.split()[1])
                return 0
            interpreters.create().close()
            made, took = [], []
            before = rss_kib()
            for _ in range(int(sys.argv[1])):
                t = time.perf_counter()
                made.append(interpreters.create())
                took.append(time.perf_counter() - t)
            grown = rss_kib() - before
            print("python", sys.version.split()[0])
            print("start_us", statistics.median(took) * 1e6)
            print("kib_each", grown / len(made))
            """;

    /**
     * CPython 3.14's interpreter start.
     *
     * @param version     the CPython version measured, e.g. {@code 3.14.0}
     * @param startMicros median time to make one interpreter
     * @param kibEach     resident memory each interpreter added; 0 where {@code /proc} is missing
     */
    public record Start(String version, double startMicros, double kibEach) {}

    /** One per kind of worker's bean: the figure is measured at most once per server. */
    CPythonInterpreters() {
    }

    /** Guards {@link #measured}: measured at most once per server. */
    private final Object lock = new Object();
    private Optional<Start> measured;

    /** The figure, measuring it the first time (about a second when CPython 3.14 is there, at once when not). */
    Optional<Start> get() {
        synchronized (lock) {
            if (measured == null) {
                measured = measure();
            }
            return measured;
        }
    }

    private static Optional<Start> measure() {
        return PythonOutput.of(List.of(PYTHON, "-S", "-c", SCRIPT, Integer.toString(SAMPLES)), TIMEOUT_SECONDS)
                .flatMap(CPythonInterpreters::parse);
    }

    /** Reads the script's lines: {@code python 3.14.0}, {@code start_us 812.5}, {@code kib_each 1890.0}. */
    static Optional<Start> parse(String output) {
        String version = null;
        double start = Double.NaN;
        double kib = 0;
        for (String line : output.split("\n")) {
            String[] words = line.trim().split("\\s+");
            if (words.length != 2) {
                continue;
            }
            switch (words[0]) {
                case "python" -> version = words[1];
                case "start_us" -> start = Double.parseDouble(words[1]);
                case "kib_each" -> kib = Math.max(0, Double.parseDouble(words[1]));
                default -> { }
            }
        }
        return version == null || !(start > 0) ? Optional.empty() : Optional.of(new Start(version, start, kib));
    }
}
