package lab.gil.interpreter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python script with the local {@code python3 -S} and reads the {@code name value} lines it prints; the
 * benchmark's window onto real CPython.
 */
final class CPythonRunner {

    /** Longest a single script may run before the benchmark gives up on it. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    private CPythonRunner() {
    }

    /** Whether python3 can be started here. */
    static boolean available() {
        try {
            return !run("print('ok', 1)").isEmpty();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Runs {@code script} with {@code args} (its {@code sys.argv[1:]}) and returns the printed name-value pairs. */
    static Map<String, Double> run(String script, Object... args) {
        return run(List.of("python3", "-S", "-c", script), args);
    }

    /**
     * Runs {@code script} with {@code python}, its site packages on the path (no {@code -S}), for scripts that import
     * a package installed there, such as gevent.
     */
    static Map<String, Double> runWithSite(String python, String script, Object... args) {
        return run(List.of(python, "-c", script), args);
    }

    /**
     * The first of {@code python3} and Debian's {@code /usr/bin/python3} (where Debian's python3-gevent installs,
     * when {@code python3} is another build) that can import {@code module}, if any.
     */
    static java.util.Optional<String> pythonWith(String module) {
        for (String python : List.of("python3", "/usr/bin/python3")) {
            try {
                if (!runWithSite(python, "import " + module + "\nprint('ok', 1)").isEmpty()) {
                    return java.util.Optional.of(python);
                }
            } catch (IllegalStateException e) {
                // not this one
            }
        }
        return java.util.Optional.empty();
    }

    /** The version {@code python} reports, such as 3.11.7. */
    static String version(String python) {
        Map<String, Double> v = runWithSite(python, "import sys\nprint('major', sys.version_info[0])\n"
                + "print('minor', sys.version_info[1])\nprint('micro', sys.version_info[2])");
        return v.get("major").intValue() + "." + v.get("minor").intValue() + "." + v.get("micro").intValue();
    }

    private static Map<String, Double> run(List<String> interpreterAndScript, Object... args) {
        List<String> command = new ArrayList<>(interpreterAndScript);
        for (Object a : args) {
            command.add(String.valueOf(a));
        }
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try {
                if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("python3 did not finish within " + SCRIPT_TIMEOUT_SECONDS + " s");
                }
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException("python3 failed: " + out);
                }
                Map<String, Double> values = new HashMap<>();
                for (String line : out.split("\n")) {
                    String[] words = line.trim().split("\\s+");
                    if (words.length == 2) {
                        values.put(words[0], Double.parseDouble(words[1]));
                    }
                }
                return values;
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("python3 cannot be started: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running python3", e);
        }
    }

    static final String COUNTDOWN = """
            import sys, time, threading
            def countdown(n):
                while n > 0:
                    n -= 1
            N = int(sys.argv[1])
            def threads(k):
                ts = [threading.Thread(target=countdown, args=(N // k,)) for _ in range(k)]
                t = time.perf_counter()
                for th in ts: th.start()
                for th in ts: th.join()
                return time.perf_counter() - t
            t = time.perf_counter()
            countdown(N)
            print("t1", time.perf_counter() - t)
            print("t2", threads(2))
            print("t4", threads(4))
            """;

    static final String IO_POOLS = """
            import sys, time
            from concurrent.futures import ThreadPoolExecutor
            def wait(_):
                time.sleep(0.05)
            for k in (1, 10, 100):
                t = time.perf_counter()
                with ThreadPoolExecutor(max_workers=k) as ex:
                    list(ex.map(wait, range(100)))
                print("p%d" % k, time.perf_counter() - t)
            """;

    static final String HASHING = """
            import sys, time, threading, hashlib
            data = bytes(32 << 20)
            CALLS = int(sys.argv[1])
            def work(n):
                for _ in range(n):
                    hashlib.sha256(data).digest()
            # One call first: it touches the data's pages for the first time, which a virtual machine can make
            # cost more than the hashing, and the 1-thread run would pay it alone (2 threads "faster than 2 cores").
            work(1)
            t = time.perf_counter()
            work(CALLS)
            t1 = time.perf_counter() - t
            ts = [threading.Thread(target=work, args=(CALLS // 2,)) for _ in range(2)]
            t = time.perf_counter()
            for th in ts: th.start()
            for th in ts: th.join()
            print("t1", t1)
            print("t2", time.perf_counter() - t)
            print("call", t1 / CALLS)
            """;

    static final String WAKE_UP_LATENCY = """
            import sys, time, threading
            sys.setswitchinterval(float(sys.argv[1]))
            K = int(sys.argv[2])
            running = True
            def spin():
                n = 0
                while running:
                    n += 1
            if sys.argv[3] == "1":
                th = threading.Thread(target=spin)
                th.start()
            lat = []
            for _ in range(K):
                t = time.perf_counter()
                time.sleep(0.001)
                lat.append(time.perf_counter() - t - 0.001)
            running = False
            if sys.argv[3] == "1":
                th.join()
            lat.sort()
            print("median", lat[len(lat) // 2])
            """;
}
