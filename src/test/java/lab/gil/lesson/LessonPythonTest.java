package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every lesson's Python equivalent runs in real CPython as the lesson shows it, and where the lesson makes a claim
 * its code can show, the program's output shows it.
 *
 * <p>Each program runs with {@code --quick}, which the longer ones read as "a tenth of the work" (the others ignore
 * it), under the first of these Pythons that has gevent, else the first that exists: Debian's python3-gevent
 * installs gevent for /usr/bin/python3 (.ci/run installs it). Only claims that hold on any machine are checked, never
 * a timing that a busy machine could upset: what was lost, what failed, what a wait took at the least.
 */
class LessonPythonTest {

    /** Python on the PATH first; Debian's own, which {@code python3-gevent} installs gevent for, second. */
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");
    /** The longest program: the capstone's four workloads on three kinds of worker, about a minute on a busy machine. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(4);
    private static final Path LESSONS = Path.of("lessons");

    /** What each lesson's output must show, by lesson id; a lesson not named here must only run to its end. */
    private static final Map<String, BiConsumer<String, Boolean>> CLAIMS = Map.of(
            "c-extensions-release-the-gil", (out, gevent) -> cExtensions(out),
            "starting-processes", (out, gevent) -> startingProcesses(out),
            "copying-vs-sharing", (out, gevent) -> copyingVsSharing(out),
            "race-conditions", (out, gevent) -> raceConditions(out),
            "crashes", (out, gevent) -> crashes(out),
            "greenlets-and-coroutines", LessonPythonTest::greenletsAndCoroutines,
            "switch-interval-and-convoy", (out, gevent) -> switchIntervalAndConvoy(out),
            "choosing-processes-threads-or-greenlets", LessonPythonTest::choosing);

    @TempDir
    Path folder;

    @TestFactory
    Stream<DynamicTest> everyLessonsPythonRunsAndShowsWhatItsLessonClaims() throws IOException {
        String python = python();
        List<Path> files;
        try (Stream<Path> listed = Files.list(LESSONS)) {
            files = listed.filter(f -> f.toString().endsWith(".md")).sorted().toList();
        }
        assertThat(files).as("lesson files").isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            assumeTrue(python != null, "python3 is not installed");
            Lesson lesson = new LessonParser(ScenarioParser::presetProblems)
                    .parse(file.getFileName().toString(), Files.readString(file));
            String out = run(python, lesson);
            CLAIMS.getOrDefault(lesson.id(), (o, g) -> {}).accept(out, canRun(python, "import gevent"));
        }));
    }

    private String run(String python, Lesson lesson) throws IOException, InterruptedException {
        Path script = folder.resolve(lesson.id() + ".py");
        Files.writeString(script, lesson.python());
        Process process = new ProcessBuilder(python, script.toString(), "--quick").directory(folder.toFile())
                .redirectErrorStream(true).start();
        boolean ended = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ended).as(lesson.id() + " finished within " + SCRIPT_TIMEOUT + ":\n" + out).isTrue();
        assertThat(process.exitValue()).as(lesson.id() + ":\n" + out).isZero();
        assertThat(out).as(lesson.id() + " printed its results").isNotBlank();
        return out;
    }

    /**
     * A sort that compares in C keeps a ticking thread out for its whole length; one that calls a Python
     * {@code __lt__} lets it in many times, as every call is a check point.
     */
    private static void cExtensions(String out) {
        Matcher inC = sortBesideTicker(out, "floats, compared in C");
        assertThat(millis(inC, 3)).as("the ticker's longest wait covers most of the sort:\n" + out)
                .isGreaterThan(millis(inC, 1) / 2);
        Matcher inPython = sortBesideTicker(out, "objects with a Python __lt__");
        assertThat(Long.parseLong(inPython.group(2))).as("the ticker ran during the sort:\n" + out)
                .isGreaterThanOrEqualTo(5);
        assertThat(millis(inPython, 3)).as(out).isLessThan(millis(inPython, 1) / 2);
    }

    private static Matcher sortBesideTicker(String out, String what) {
        Matcher m = Pattern.compile("sorting [\\d,]+ " + Pattern.quote(what)
                + ": (\\d+) ms; a 1 ms ticker ran (\\d+) time\\(s\\) meanwhile and waited at most (\\d+) ms").matcher(out);
        assertThat(m.find()).as(what + " in:\n" + out).isTrue();
        return m;
    }

    private static long millis(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }

    /** spawn and forkserver pickle the function a process runs, so a local function fails there and runs under fork. */
    private static void startingProcesses(String out) {
        assertThat(out).as(out)
                .containsPattern("fork +a local function as target runs")
                .containsPattern("spawn +a local function as target fails: \\w+: Can't pickle local object")
                .containsPattern("forkserver +a local function as target fails: \\w+: Can't pickle local object")
                .containsPattern("(?m)^spawn +per task +[\\d.]+ s +pool +[\\d.]+ s$");
    }

    /**
     * Data is timed both ways; a pool's worker keeps its global counter between tasks while the parent's stays 0;
     * two processes updating one counter in shared memory without its lock lose increments.
     */
    private static void copyingVsSharing(String out) {
        assertThat(out).as(out).containsPattern(" 1 MB: sent +[\\d.]+ ms +returned +[\\d.]+ ms +shared +[\\d.]+ ms")
                .contains("the parent's counter: 0");
        Matcher counts = Pattern.compile("four tasks of 100,000 increments on two workers returned: \\[([\\d, ]+)]").matcher(out);
        assertThat(counts.find()).as(out).isTrue();
        List<Long> returned = Stream.of(counts.group(1).split(", ")).map(Long::parseLong).toList();
        assertThat(returned).as("a worker's second task finds its first task's count").contains(100_000L)
                .anySatisfy(c -> assertThat(c).isGreaterThanOrEqualTo(200_000L));
        Matcher shared = Pattern.compile("shared counter: ([\\d,]+) of 2,000,000").matcher(out);
        assertThat(shared.find()).as(out).isTrue();
        assertThat(Long.parseLong(shared.group(1).replace(",", ""))).as("increments lost").isLessThan(2_000_000L);
    }

    /** Under the GIL the bare loop loses nothing and a call between read and write loses updates; a lock, none. */
    private static void raceConditions(String out) {
        assertThat(lost(out, "bare")).as(out).isZero();
        assertThat(lost(out, "call_between")).as(out).isPositive();
        assertThat(lost(out, "with_lock")).as(out).isZero();
        assertThat(lost(out, "call_with_lock")).as(out).isZero();
    }

    private static long lost(String out, String job) {
        Matcher m = Pattern.compile("(?m)^" + job + " +counter = +[\\d,]+ +lost +([\\d,]+)").matcher(out);
        assertThat(m.find()).as(job + " in:\n" + out).isTrue();
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    /**
     * A crash breaks a ProcessPoolExecutor, failing every task not finished yet, while multiprocessing.Pool loses only the
     * crashed one and goes on; an exception fails its own task in both, and neither pool breaks.
     */
    private static void crashes(String out) {
        assertThat(out).as(out)
                // Every task not finished when the worker died fails; one that finished before keeps its result.
                .containsPattern("ProcessPoolExecutor, +crashes: [0-3] results, [5-8] failed \\(BrokenProcessPool\\).*the pool is broken")
                .containsPattern("multiprocessing.Pool, crashes: 7 results, 1 failed \\(no answer\\).*then 8 more tasks ran")
                .containsPattern("ProcessPoolExecutor, +raises : 7 results, 1 failed \\(ValueError\\).*the pool still works")
                .containsPattern("multiprocessing.Pool, raises : 7 results, 1 failed \\(ValueError\\).*then 8 more tasks ran");
    }

    /**
     * Every experiment ran; a blocking call inside {@code async def} stops the loop, so three sleeps of 0.3 s take
     * 0.9 s one after another, while {@code asyncio.to_thread} lets them overlap.
     */
    private static void greenletsAndCoroutines(String out, boolean gevent) {
        assertThat(out).contains("Ten thousand waits of 1 s at once:")
                .contains("Next to a computing coroutine:").contains("Computing in pieces a quarter as long:")
                .contains("Threads, 5 ms switch interval:");
        assertThat(out).contains(gevent ? "gevent, next to a computing greenlet:" : "gevent is not installed");
        assertThat(threeSleeps(out, "time.sleep inside async def")).as(out).isGreaterThanOrEqualTo(0.89);
        assertThat(threeSleeps(out, "asyncio.to_thread(time.sleep)")).as(out).isLessThan(0.89);
    }

    private static double threeSleeps(String out, String label) {
        Matcher m = Pattern.compile(Pattern.quote(label) + ": three coroutines that each sleep 0.3 s took ([\\d.]+) s")
                .matcher(out);
        assertThat(m.find()).as(label + " in:\n" + out).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** Every workload on every kind of worker (greenlets where gevent is installed), then what one worker costs. */
    private static void choosing(String out, boolean gevent) {
        List<String> kinds = gevent ? List.of("processes", "threads", "greenlets") : List.of("processes", "threads");
        for (String workload : List.of("CPU-bound:", "a few slow calls:", "10,000 calls:", "calls + parsing:")) {
            assertThat(out).as(out).contains(workload);
            String section = out.substring(out.indexOf(workload));
            for (String kind : kinds) {
                assertThat(section).as(workload + " on " + kind).containsPattern("\\d+ " + kind + " +\\d+\\.\\d\\d s");
            }
        }
        String perClient = out.substring(out.indexOf("10,000 calls, a worker per client:"));
        assertThat(perClient).as("a thread per client").containsPattern("\\d+ threads +\\d+\\.\\d\\d s");
        assertThat(out).contains("What one worker costs:").containsPattern("one process +holds")
                .containsPattern("one thread +holds");
        if (gevent) {
            assertThat(out).containsPattern("one greenlet +holds");
        } else {
            assertThat(out).contains("gevent is not installed: greenlets skipped");
        }
    }

    /**
     * Next to a thread that computes throughout, every return from a 1 ms sleep waits at least one whole 5 ms switch
     * interval for the GIL: never less, whatever the machine.
     */
    private static void switchIntervalAndConvoy(String out) {
        Matcher m = Pattern.compile("(?m)^with CPU thread, 5 ms +I/O done after +[\\d.]+ ms, each 1 ms sleep took +([\\d.]+) ms")
                .matcher(out);
        assertThat(m.find()).as(out).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as("1 ms of sleep plus a 5 ms interval:\n" + out)
                .isGreaterThanOrEqualTo(5.0);
        assertThat(out).as(out).containsPattern("(?m)^3 I/O threads with CPU thread, 5 ms +I/O done after");
    }

    /** The first Python that has gevent, else the first that runs at all, else null. */
    private static String python() {
        return PYTHONS.stream().filter(p -> canRun(p, "import gevent")).findFirst()
                .or(() -> PYTHONS.stream().filter(p -> canRun(p, "pass")).findFirst()).orElse(null);
    }

    private static boolean canRun(String python, String code) {
        try {
            Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
