package lab.gil.answer;

import static lab.gil.answer.Runs.backFromIo;
import static lab.gil.answer.Runs.copying;
import static lab.gil.answer.Runs.counter;
import static lab.gil.answer.Runs.failed;
import static lab.gil.answer.Runs.of;
import static lab.gil.answer.Runs.speedup;
import static lab.gil.answer.Runs.wall;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonParser;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The answer rule of every lesson in {@code lessons/}: each prediction choice is reached from a made-up set of
 * figures, as a student's runs could measure them.
 */
public class LessonAnswersTest {

    private static final Path LESSONS = Path.of("lessons");
    private static final LessonParser PARSER = new LessonParser(ScenarioParser::presetProblems);

    /** File name prefix, the choice the figures must support, and the made-up runs per preset. */
    public static Stream<Arguments> everyChoiceOfEveryLesson() {
        return Stream.of(
                Arguments.of("01", "About half the time", of("Two threads", speedup(1.95))),
                Arguments.of("01", "About the same time", of("Two threads", speedup(1.02))),
                Arguments.of("01", "Longer", of("Two threads", speedup(0.7))),
                Arguments.of("01", "A quarter of the time", of("Two threads", speedup(3.9))),

                Arguments.of("02", "About half the time", of("Two threads, GIL on", speedup(1.9))),
                Arguments.of("02", "About the same time, or a little longer", of("Two threads, GIL on", speedup(0.93))),
                Arguments.of("02", "Twice as long", of("Two threads, GIL on", speedup(0.5))),

                Arguments.of("03", "About half the time", of("Two processes", speedup(1.9))),
                Arguments.of("03", "About the same time, as with threads", of("Two processes", speedup(1.0))),
                Arguments.of("03", "Twice as long: processes are heavy", of("Two processes", speedup(0.45))),

                Arguments.of("04", "About 5 seconds: the GIL lets only one thread run", of("Ten threads", wall(5100))),
                Arguments.of("04", "About half a second", of("Ten threads", wall(520))),
                Arguments.of("04", "About 50 ms", of("Ten threads", wall(55))),

                Arguments.of("05", "About half the time", of("Hashing, two threads", speedup(1.85))),
                Arguments.of("05", "About the same time", of("Hashing, two threads", speedup(1.0))),
                Arguments.of("05", "Longer", of("Hashing, two threads", speedup(0.6))),

                Arguments.of("06", "About the same: the work is the same",
                        of("A process per task, 40 small tasks", wall(1100), "A pool of 2, 40 small tasks", wall(1000))),
                Arguments.of("06", "The new process per task is a little slower",
                        of("A process per task, 40 small tasks", wall(1500), "A pool of 2, 40 small tasks", wall(1000))),
                Arguments.of("06", "The new process per task is several times slower",
                        of("A process per task, 40 small tasks", wall(3800), "A pool of 2, 40 small tasks", wall(100))),

                Arguments.of("07", "It does not: passing an argument is free",
                        of("Processes, 50 MB each", copying(11), "Processes, 1 MB each", copying(10))),
                Arguments.of("07", "Many times more, growing with the size: the data is copied",
                        of("Processes, 50 MB each", copying(200), "Processes, 1 MB each", copying(10))),
                Arguments.of("07", "It shrinks: bigger messages are more efficient",
                        of("Processes, 50 MB each", copying(5), "Processes, 1 MB each", copying(10))),

                Arguments.of("08", "64: the more processes, the faster", eightProcesses(64)),
                Arguments.of("08", "2 or a few more: as many as there are cores", eightProcesses(2)),
                Arguments.of("08", "2 or a few more: as many as there are cores", eightProcesses(4)),
                Arguments.of("08", "1: processes only add overhead", eightProcesses(1)),

                Arguments.of("09", "Exactly 2,000,000: the GIL protects it", of("n += 1, GIL on", counter(2_000_000, 2_000_000))),
                Arguments.of("09", "Somewhat less than 2,000,000", of("n += 1, GIL on", counter(2_000_000, 1_990_000))),
                Arguments.of("09", "Far less than 2,000,000", of("n += 1, GIL on", counter(2_000_000, 1_100_000))),

                Arguments.of("10", "Threads: a queue between threads is cheaper", of(
                        "Threads, one producer, two consumers", wall(500), "Processes, one producer, two consumers", wall(900))),
                Arguments.of("10", "Processes: producer and consumers really run at once", of(
                        "Threads, one producer, two consumers", wall(1200), "Processes, one producer, two consumers", wall(650))),
                Arguments.of("10", "The same: the queue decides the pace", of(
                        "Threads, one producer, two consumers", wall(1000), "Processes, one producer, two consumers", wall(980))),

                Arguments.of("11", "Hardly at all: a greenlet whose wait ended runs at once",
                        of("Next to a computing greenlet", backFromIo(0.2))),
                Arguments.of("11", "About one switch interval, 5 ms, as a thread would",
                        of("Next to a computing greenlet", backFromIo(5.2))),
                Arguments.of("11", "About 20 ms: until the computing greenlet waits again",
                        of("Next to a computing greenlet", backFromIo(19.4))),

                Arguments.of("12", "Hardly at all: waiting released the GIL", of("Next to a CPU thread, 5 ms", backFromIo(0.05))),
                Arguments.of("12", "About 1 ms, as long as the wait itself", of("Next to a CPU thread, 5 ms", backFromIo(1.1))),
                Arguments.of("12", "About one switch interval, 5 ms", of("Next to a CPU thread, 5 ms", backFromIo(5.1))),
                Arguments.of("12", "Until the CPU-bound thread is done", of("Next to a CPU thread, 5 ms", backFromIo(1400))),

                Arguments.of("13", "They all stop: one crash ends the program", of("Processes, one task crashes", failed(0, 8))),
                Arguments.of("13", "The others go on; only the crashed task is lost", of("Processes, one task crashes", failed(7, 8))),
                Arguments.of("13", "The crashed task is retried automatically", of("Processes, one task crashes", failed(8, 8))),

                Arguments.of("14", "Only the free-threaded build",
                        of("Two threads, free-threaded", speedup(1.9), "Two threads, one GIL each", speedup(1.0))),
                Arguments.of("14", "Only one GIL per interpreter",
                        of("Two threads, free-threaded", speedup(0.9), "Two threads, one GIL each", speedup(1.9))),
                Arguments.of("14", "Both the free-threaded build and one GIL per interpreter",
                        of("Two threads, free-threaded", speedup(1.9), "Two threads, one GIL each", speedup(1.8))),
                Arguments.of("14", "Neither: pure Python stays on one core",
                        of("Two threads, free-threaded", speedup(1.0), "Two threads, one GIL each", speedup(0.95))),

                Arguments.of("15", "Processes: each has its own GIL", of("10,000 calls: processes", wall(400),
                        "10,000 calls: threads", wall(550), "10,000 calls: greenlets", wall(450))),
                Arguments.of("15", "Threads: a waiting thread lets go of the GIL", of("10,000 calls: processes",
                        wall(3300), "10,000 calls: threads", wall(560), "10,000 calls: greenlets", wall(600))),
                Arguments.of("15", "Greenlets: thousands of waits on one thread", of("10,000 calls: processes",
                        wall(3300), "10,000 calls: threads", wall(560), "10,000 calls: greenlets", wall(90))));
    }

    /** Lesson 8's five presets, the one with {@code fastest} processes taking the least time. */
    private static Map<String, List<RunFigures>> eightProcesses(int fastest) {
        Object[] runs = new Object[10];
        int[] counts = {1, 2, 4, 16, 64};
        for (int i = 0; i < counts.length; i++) {
            runs[2 * i] = counts[i] == 1 ? "1 process" : counts[i] + " processes";
            runs[2 * i + 1] = wall(counts[i] == fastest ? 1000 : 1500 + i);
        }
        return of(runs);
    }

    @ParameterizedTest(name = "lesson {0}: {1}")
    @MethodSource("everyChoiceOfEveryLesson")
    void theFiguresSupportTheChoice(String prefix, String choice, Map<String, List<RunFigures>> runs) {
        AnswerRule rule = lesson(prefix).answerRule().orElseThrow();

        assertThat(rule.evaluate(runs)).isInstanceOfSatisfying(Verdict.Supported.class,
                s -> assertThat(s.choice()).isEqualTo(choice));
    }

    @Test
    void everyChoiceOfEveryLessonIsReachedByACase() {
        Set<String> reached = new HashSet<>();
        everyChoiceOfEveryLesson().forEach(a -> reached.add(a.get()[0] + ": " + a.get()[1]));

        for (Path file : lessonFiles()) {
            String prefix = file.getFileName().toString().substring(0, 2);
            for (String choice : lesson(prefix).prediction().choices()) {
                assertThat(reached).as("a case for lesson " + prefix).contains(prefix + ": " + choice);
            }
        }
    }

    @Test
    void everyLessonSaysWhichMeasurementAnswersItsQuestion() {
        assertThat(lessonFiles()).hasSizeGreaterThanOrEqualTo(13).allSatisfy(file ->
                assertThat(lesson(file.getFileName().toString().substring(0, 2)).answerRule()).isPresent());
    }

    @Test
    void withoutRunsEveryLessonNamesThePresetToRunFirst() {
        for (Path file : lessonFiles()) {
            Lesson lesson = lesson(file.getFileName().toString().substring(0, 2));
            AnswerRule rule = lesson.answerRule().orElseThrow();
            assertThat(rule.evaluate(Map.of())).isInstanceOfSatisfying(Verdict.Incomplete.class,
                    i -> assertThat(i.runNext()).isEqualTo(rule.presets().getFirst()));
        }
    }

    public static Lesson lesson(String prefix) {
        Path file = lessonFiles().stream().filter(p -> p.getFileName().toString().startsWith(prefix + "-"))
                .findFirst().orElseThrow(() -> new AssertionError("no lesson file " + prefix + "-*.md"));
        try {
            return PARSER.parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> lessonFiles() {
        try (Stream<Path> files = Files.list(LESSONS)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
