package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lab.gil.cluster.GilLabServer;
import lab.gil.run.measure.Baselines;
import lab.gil.security.PageSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every lesson's question answered on the packaged jar, as a student answers it, on a server that may use a given
 * number of cores: open the lesson, run the preset its answer names next (pressing the preset, then Run, with the
 * knobs the server filled in), until the answer is decided; then the verdict must be the one this many cores give.
 * The page must also say what the server may use and never say it has another number of cores.
 *
 * <p>The presets run at their full amounts: the verdict is read from the lesson's own presets, which the page counts
 * only when their knobs are unchanged. A quiet 2-core machine answers every lesson in about two minutes per server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LessonVerdicts {

    /** Only reached when broken: a run on a busy 2-core machine takes seconds, a process-per-task one tens. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /** More presets than any lesson's answer reads: a loop that asks for the same preset again is broken. */
    private static final int MOST_RUNS_PER_LESSON = 8;
    /** How many times a lesson's presets run again when their answer is uncovered or not this machine's. */
    private static final int MOST_RUNS_AGAIN = 3;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** A quiet machine measures in seconds; one at a load of 50 took six minutes. Only reached when broken. */
    private static final Duration MEASURING_TIMEOUT = Duration.ofMinutes(10);
    private static final Pattern PRESET_BUTTON = Pattern.compile("presets/(\\d+)\"[^>]*>([^<]+)</button>");
    private static final Pattern ANSWER = Pattern.compile("class=\"lesson-answer ([a-z]+)\"");
    private static final Pattern CHOICE = Pattern.compile("data-choice=\"([^\"]*)\"");
    private static final Pattern RUN_NEXT = Pattern.compile("class=\"run-next\">“([^”]+)”");
    private static final Pattern RUN_ID = Pattern.compile("data-run-id=\"([0-9a-f]+)\"");
    private static final Pattern STATE = Pattern.compile("\"state\":\"([a-z]+)\"");
    private static final Pattern USABLE = Pattern.compile("data-usable-cores=\"(\\d+)\"");
    private static final Pattern CAPACITY_2 = Pattern.compile("data-capacity-2=\"([0-9.]+)\"");
    /** At least this capacity of two threads and two workers halve the time; below {@link #SERIAL}, they do not. */
    private static final double PARALLEL = 1.6;
    private static final double SERIAL = 1.3;
    /** A sentence that says how many cores this server has: it must say the server's own number. */
    private static final Pattern SERVER_HAS = Pattern.compile(
            "(?i)(?:this|the) server (?:has|may use) (one|two|three|four|\\d+)(?: of its \\w+)? cores?");

    /**
     * The choice each lesson's measurement must support on a server whose two threads cannot run at once (one
     * usable core, or two hyper-threads of one core: a capacity of two threads below {@link #SERIAL}), and on one
     * where they can (at least {@link #PARALLEL}). Lessons whose file changes its choices change this table with it.
     */
    static final Map<String, List<String>> EXPECTED = expected(
            "cores-and-threads", "About the same time", "About half the time",
            "cpu-bound-threads-and-the-gil", "About the same time, or a little longer",
            "About the same time, or a little longer",
            "cpu-bound-processes", "About the same time", "About half the time",
            "io-bound-threads", "About half a second", "About half a second",
            "c-extensions-release-the-gil", "About the same time", "About half the time",
            "starting-processes", "The new process per task is several times slower",
            "The new process per task is several times slower",
            "copying-vs-sharing", "Many times more, growing with the size: the data is copied",
            "Many times more, growing with the size: the data is copied",
            "oversubscription", "About as long, or a little longer", "About as long, or a little longer",
            "producer-consumer", "About the same", "Processes",
            "greenlets-and-coroutines", "About 20 ms: until the computing greenlet waits again",
            "About 20 ms: until the computing greenlet waits again",
            "switch-interval-and-convoy", "About one switch interval, 5 ms", "About one switch interval, 5 ms",
            "crashes", "They finish; only the crashed task is lost", "They finish; only the crashed task is lost",
            "race-conditions", "Exactly 2,000,000", "Exactly 2,000,000",
            "beyond-the-gil", "Neither: pure Python stays on one core",
            "Both the free-threaded build and one GIL per interpreter",
            "choosing-processes-threads-or-greenlets", "Greenlets: thousands of waits on one thread",
            "Greenlets: thousands of waits on one thread");

    private GilLabServer server;

    /** The cores this server may use. */
    abstract int cores();

    /** The command that starts {@code java} on those cores. */
    abstract List<String> launcher();

    @BeforeAll
    void startServer() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/taskset")) || launcher().isEmpty(),
                "taskset is not installed (Debian: util-linux)");
        assumeTrue(Runtime.getRuntime().availableProcessors() >= cores(),
                "this machine has fewer than " + cores() + " cores");
        server = GilLabServer.startAlone("lessons-on-" + cores() + "-cores", GilLabServer.freePort(), launcher(),
                Map.of());
        // Every page the test reads then states measured figures.
        System.out.printf("%s measured its machine %.1f s after it answered%n", server.name(),
                server.awaitMeasured(MEASURING_TIMEOUT).toMillis() / 1e3);
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * On CPython 3.11, which quickens a function at its 8th call, the lesson page states what a warm countdown costs,
     * less than a cold one (the runs above charge it).
     */
    @org.junit.jupiter.api.Test
    void theLessonPageStatesWhatAWarmCountdownCostsWhereCPythonQuickens() throws Exception {
        String page = new PageSession(server.url(""), REQUEST_TIMEOUT).get("/lessons/cores-and-threads").body();
        assumeTrue(page.contains("in CPython <span>3.11."), "this server's CPython is not 3.11");
        Matcher cold = Pattern.compile("class=\"iteration-ns\">([0-9.]+)<").matcher(page);
        Matcher warm = Pattern.compile("class=\"warm-iteration-ns\">([0-9.]+)<").matcher(page);
        assertThat(cold.find()).as("the cold iteration's cost on the page").isTrue();
        assertThat(warm.find()).as("the warm iteration's cost on the page").isTrue();
        assertThat(Double.parseDouble(warm.group(1))).isLessThan(Double.parseDouble(cold.group(1)));
    }

    static List<String> lessons() {
        return List.copyOf(EXPECTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lessons")
    void theLessonsVerdictIsDecidedAndRightForTheseCores(String lesson) throws Exception {
        PageSession student = new PageSession(server.url(""), REQUEST_TIMEOUT);
        String page = student.get("/lessons/" + lesson).body();
        assertThat(page).as("the lesson loaded").contains("id=\"bench\"").doesNotContain("{{");
        assertThat(find(USABLE, page)).as("the page says what the server may use").isEqualTo(
                Integer.toString(cores()));
        Matcher says = SERVER_HAS.matcher(text(page));
        while (says.find()) {
            assertThat(number(says.group(1))).as("\"" + says.group() + "\" on a server of " + cores() + " cores")
                    .isEqualTo(cores());
        }
        Map<String, Integer> presets = presets(page);
        double capacity = Double.parseDouble(find(CAPACITY_2, page));
        List<String> choices = EXPECTED.get(lesson);
        String expected = capacity >= PARALLEL ? choices.get(1) : capacity < SERIAL ? choices.get(0)
                : choices.get(0).equals(choices.get(1)) ? choices.get(0) : null;
        assumeTrue(expected != null, "two threads do " + capacity + "x one's work on this server: too close to"
                + " tell whether " + lesson + " should halve its time");

        String answer = null;
        Set<String> ran = new LinkedHashSet<>();
        for (int runs = 0; runs <= MOST_RUNS_PER_LESSON; runs++) {
            answer = student.get("/lessons/" + lesson + "/answer").body();
            if (!"incomplete".equals(find(ANSWER, answer))) {
                break;
            }
            String next = find(RUN_NEXT, answer);
            assertThat(presets).as("the preset the answer names").containsKey(next);
            run(student, lesson, presets.get(next));
            ran.add(next);
        }
        for (int again = 0; again < MOST_RUNS_AGAIN
                && ("uncovered".equals(find(ANSWER, answer)) || !expected.equals(find(CHOICE, answer))); again++) {
            // A figure between two choices' ranges: the page tells the student that a busy machine can move it and
            // to run the presets again, and so does this (lesson 1's two threads read 1.59x against 1.6 on
            // this 2-vCPU VM while a neighbour slowed one vCPU). The same for a figure that supports another
            // choice than this machine's: a host that runs one vCPU 1.4 times slower than the other for minutes
            // (CPython's countdown 31.5 against 43.4 ns at a two-core server's start, 2026-12-07) made lesson 9's
            // one process per core take 0.93 s where four per core took 0.69. A rule that is wrong for these cores
            // answers wrongly every time. Up to three times: in one verify lesson 3's two processes read 1.54x twice
            // in a row (it needs 1.6) while the server's vCPUs ran CPython at 38.6 and 45.3 ns. Each time once the
            // one-worker baseline has expired, so that it is measured again beside the run: retried at once, lesson
            // 3's two processes read 1.40x four times within 4 s against one baseline (2026-12-07, 20:44 UTC).
            Thread.sleep(Baselines.FRESH_FOR);
            for (String preset : ran) {
                run(student, lesson, presets.get(preset));
            }
            answer = student.get("/lessons/" + lesson + "/answer").body();
        }

        assertThat(find(ANSWER, answer)).as("decided: " + text(answer)).isEqualTo("supported");
        assertThat(find(CHOICE, answer)).as(text(answer)).isEqualTo(expected);
    }

    /** Presses the preset and Run, as the page does, and waits until the run has ended. */
    private void run(PageSession student, String lesson, int preset) throws IOException, InterruptedException {
        String knobs = student.get("/lessons/" + lesson + "/presets/" + preset).body();
        Map<String, String> form = knobs(knobs);
        form.put("lessonId", lesson);
        HttpResponse<String> started = student.post("/runs", form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")), "HX-Request", "true");
        String id = find(RUN_ID, started.body());
        assertThat(id).as("Run answered " + started.statusCode() + ": " + started.body()).isNotNull();
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        String state = null;
        while (System.nanoTime() < deadline) {
            state = find(STATE, student.get("/runs/" + id).body());
            if (List.of("done", "failed", "cancelled").contains(state)) {
                return;
            }
            Thread.sleep(200); // polling a run's state, as a page without its stream would
        }
        throw new AssertionError("run " + id + " of " + lesson + " was still " + state + " after " + RUN_TIMEOUT);
    }

    /** The form fields of a knobs fragment, as a browser posts them. */
    static Map<String, String> knobs(String html) {
        Map<String, String> form = new LinkedHashMap<>();
        Matcher select = Pattern.compile("(?s)<select name=\"(\\w+)\">(.*?)</select>").matcher(html);
        while (select.find()) {
            Matcher selected = Pattern.compile("<option value=\"([^\"]*)\" selected").matcher(select.group(2));
            form.put(select.group(1), selected.find() ? selected.group(1) : "");
        }
        Matcher input = Pattern.compile("(?s)<input type=\"number\" name=\"(\\w+)\"([^>]*)>").matcher(html);
        while (input.find()) {
            Matcher value = Pattern.compile("value=\"([^\"]*)\"").matcher(input.group(2));
            form.put(input.group(1), value.find() ? value.group(1) : "");
        }
        Matcher programs = Pattern.compile("(?s)<textarea name=\"programs\"[^>]*>(.*?)</textarea>").matcher(html);
        if (programs.find()) {
            form.put("programs", unescape(programs.group(1)));
        }
        if (Pattern.compile("<input type=\"checkbox\" name=\"split\" value=\"true\" checked").matcher(html).find()) {
            form.put("split", "true");
        }
        return form;
    }

    /** Each preset button's name and its index, in the page's order. */
    private static Map<String, Integer> presets(String page) {
        Map<String, Integer> presets = new LinkedHashMap<>();
        Matcher m = PRESET_BUTTON.matcher(page);
        while (m.find()) {
            presets.put(unescape(m.group(2)).strip(), Integer.parseInt(m.group(1)));
        }
        return presets;
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? unescape(m.group(1)) : null;
    }

    /** The page's words, without tags, for messages and for what it says. */
    private static String text(String html) {
        return unescape(html.replaceAll("(?s)<[^>]+>", " ").replaceAll("\\s+", " ")).strip();
    }

    private static String unescape(String html) {
        return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static int number(String word) {
        List<String> words = List.of("zero", "one", "two", "three", "four");
        int index = words.indexOf(word.toLowerCase());
        return index >= 0 ? index : Integer.parseInt(word);
    }

    private static Map<String, List<String>> expected(String... triples) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (int i = 0; i < triples.length; i += 3) {
            expected.put(triples[i], List.of(triples[i + 1], triples[i + 2]));
        }
        return expected;
    }

    /** {@code taskset -c 0-N} for the first n cores. */
    static List<String> firstCores(int n) {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", n == 1 ? "0" : "0-" + (n - 1)));
        return command;
    }
}
