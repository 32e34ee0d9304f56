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

    /** Lesson id, the choice the figures must support, and the made-up runs per preset. */
    public static Stream<Arguments> everyChoiceOfEveryLesson() {
        return Stream.of(
                Arguments.of("cores-and-threads", "About half the time", of("Two threads", speedup(1.95))),
                Arguments.of("cores-and-threads", "About the same time", of("Two threads", speedup(1.02))),
                Arguments.of("cores-and-threads", "Longer", of("Two threads", speedup(0.7))),
                Arguments.of("cores-and-threads", "A quarter of the time", of("Two threads", speedup(3.9))),

                Arguments.of("cpu-bound-threads-and-the-gil", "About half the time", of("Two threads, GIL on", speedup(1.9))),
                Arguments.of("cpu-bound-threads-and-the-gil", "About the same time, or a little longer", of("Two threads, GIL on", speedup(0.93))),
                Arguments.of("cpu-bound-threads-and-the-gil", "Twice as long", of("Two threads, GIL on", speedup(0.5))),

                Arguments.of("cpu-bound-processes", "About half the time", of("Two processes", speedup(1.9))),
                Arguments.of("cpu-bound-processes", "About the same time", of("Two processes", speedup(1.0))),
                Arguments.of("cpu-bound-processes", "Twice as long or more", of("Two processes", speedup(0.45))),

                Arguments.of("io-bound-threads", "About 5 seconds: the GIL lets only one thread run", of("Ten threads", wall(5100))),
                Arguments.of("io-bound-threads", "About half a second", of("Ten threads", wall(520))),
                Arguments.of("io-bound-threads", "About 50 ms", of("Ten threads", wall(55))),

                Arguments.of("c-extensions-release-the-gil", "About half the time", of("Hashing, two threads", speedup(1.85))),
                Arguments.of("c-extensions-release-the-gil", "About the same time", of("Hashing, two threads", speedup(1.0))),
                Arguments.of("c-extensions-release-the-gil", "Longer", of("Hashing, two threads", speedup(0.6))),

                Arguments.of("starting-processes", "About the same: the work is the same",
                        of("A process per task, 40 small tasks", wall(1100), "A pool of 2, 40 small tasks", wall(1000))),
                Arguments.of("starting-processes", "The new process per task is a little slower",
                        of("A process per task, 40 small tasks", wall(1500), "A pool of 2, 40 small tasks", wall(1000))),
                Arguments.of("starting-processes", "The new process per task is several times slower",
                        of("A process per task, 40 small tasks", wall(3800), "A pool of 2, 40 small tasks", wall(100))),

                Arguments.of("copying-vs-sharing", "It does not: passing an argument is free",
                        of("Processes, 50 MB each", copying(11), "Processes, 1 MB each", copying(10))),
                Arguments.of("copying-vs-sharing", "Many times more, growing with the size: the data is copied",
                        of("Processes, 50 MB each", copying(200), "Processes, 1 MB each", copying(10))),
                Arguments.of("copying-vs-sharing", "It shrinks: bigger messages are more efficient",
                        of("Processes, 50 MB each", copying(5), "Processes, 1 MB each", copying(10))),

                Arguments.of("oversubscription", "Less time: more processes get more done",
                        of("Four per core", wall(700), "One per core", wall(1000))),
                Arguments.of("oversubscription", "About as long, or a little longer",
                        of("Four per core", wall(1150), "One per core", wall(1000))),
                Arguments.of("oversubscription", "Several times longer", of("Four per core", wall(3000), "One per core", wall(1000))),

                Arguments.of("race-conditions", "Exactly 2,000,000", of("n += 1, GIL on", counter(2_000_000, 2_000_000))),
                Arguments.of("race-conditions", "A little less: a few updates are lost", of("n += 1, GIL on", counter(2_000_000, 1_990_000))),
                Arguments.of("race-conditions", "Far less: many updates are lost", of("n += 1, GIL on", counter(2_000_000, 1_100_000))),

                Arguments.of("producer-consumer", "Threads", of(
                        "Threads, one producer, two consumers", wall(500), "Processes, one producer, two consumers", wall(900))),
                Arguments.of("producer-consumer", "Processes", of(
                        "Threads, one producer, two consumers", wall(1200), "Processes, one producer, two consumers", wall(650))),
                Arguments.of("producer-consumer", "About the same", of(
                        "Threads, one producer, two consumers", wall(1000), "Processes, one producer, two consumers", wall(980))),

                Arguments.of("greenlets-and-coroutines", "Hardly at all: a greenlet whose wait ended runs at once",
                        of("Next to a computing greenlet", backFromIo(0.2))),
                Arguments.of("greenlets-and-coroutines", "About 5 ms: one switch interval",
                        of("Next to a computing greenlet", backFromIo(5.2))),
                Arguments.of("greenlets-and-coroutines", "About 20 ms: until the computing greenlet waits again",
                        of("Next to a computing greenlet", backFromIo(19.4))),

                Arguments.of("switch-interval-and-convoy", "Hardly at all: waiting released the GIL", of("Next to a CPU thread, 5 ms", backFromIo(0.05))),
                Arguments.of("switch-interval-and-convoy", "About 1 ms, as long as the wait itself", of("Next to a CPU thread, 5 ms", backFromIo(1.1))),
                Arguments.of("switch-interval-and-convoy", "About one switch interval, 5 ms", of("Next to a CPU thread, 5 ms", backFromIo(5.1))),
                Arguments.of("switch-interval-and-convoy", "Until the CPU-bound thread is done", of("Next to a CPU thread, 5 ms", backFromIo(1400))),

                Arguments.of("crashes", "They all fail: one crash ends the program", of("Processes, one task crashes", failed(0, 8))),
                Arguments.of("crashes", "They finish; only the crashed task is lost", of("Processes, one task crashes", failed(7, 8))),
                Arguments.of("crashes", "They finish, and the crashed task is run again", of("Processes, one task crashes", failed(8, 8))),

                Arguments.of("beyond-the-gil", "Only the free-threaded build",
                        of("Two threads, free-threaded", speedup(1.9), "Two threads, one GIL each", speedup(1.0))),
                Arguments.of("beyond-the-gil", "Only one GIL per interpreter",
                        of("Two threads, free-threaded", speedup(0.9), "Two threads, one GIL each", speedup(1.9))),
                Arguments.of("beyond-the-gil", "Both the free-threaded build and one GIL per interpreter",
                        of("Two threads, free-threaded", speedup(1.9), "Two threads, one GIL each", speedup(1.8))),
                Arguments.of("beyond-the-gil", "Neither: pure Python stays on one core",
                        of("Two threads, free-threaded", speedup(1.0), "Two threads, one GIL each", speedup(0.95))),

                Arguments.of("choosing-processes-threads-or-greenlets", "Processes: each has its own GIL", of("10,000 calls: processes", wall(400),
                        "10,000 calls: threads", wall(550), "10,000 calls: greenlets", wall(450))),
                Arguments.of("choosing-processes-threads-or-greenlets", "Threads: a waiting thread lets go of the GIL", of("10,000 calls: processes",
                        wall(3300), "10,000 calls: threads", wall(560), "10,000 calls: greenlets", wall(600))),
                Arguments.of("choosing-processes-threads-or-greenlets", "Greenlets: thousands of waits on one thread", of("10,000 calls: processes",
                        wall(3300), "10,000 calls: threads", wall(560), "10,000 calls: greenlets", wall(90))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyChoiceOfEveryLesson")
    void theFiguresSupportTheChoice(String id, String choice, Map<String, List<RunFigures>> runs) {
        AnswerRule rule = lesson(id).answerRule().orElseThrow();

        assertThat(rule.evaluate(runs)).isInstanceOfSatisfying(Verdict.Supported.class,
                s -> assertThat(s.choice()).isEqualTo(choice));
    }

    @Test
    void everyChoiceOfEveryLessonIsReachedByACase() {
        Set<String> reached = new HashSet<>();
        everyChoiceOfEveryLesson().forEach(a -> reached.add(a.get()[0] + ": " + a.get()[1]));

        for (Lesson lesson : lessons()) {
            for (String choice : lesson.prediction().choices()) {
                assertThat(reached).as("a case for lesson " + lesson.id()).contains(lesson.id() + ": " + choice);
            }
        }
    }

    /**
     * The race lesson exists to correct "the GIL protects my counter": the choice its measurement supports must not
     * carry that reason, nor any other (a bare loop that loses nothing does so by luck of where check points fall).
     */
    @Test
    void theRaceLessonsMeasuredChoiceCarriesNoReason() {
        Lesson race = lesson("race-conditions");
        AnswerRule rule = race.answerRule().orElseThrow();
        Verdict verdict = rule.evaluate(of("n += 1, GIL on", counter(2_000_000, 2_000_000)));
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Supported.class, s ->
                assertThat(s.choice()).doesNotContainIgnoringCase("GIL").doesNotContain(":").doesNotContain("because"));
        assertThat(race.prediction().choices()).noneSatisfy(c -> assertThat(c).containsIgnoringCase("protect"));
    }

    @Test
    void everyLessonSaysWhichMeasurementAnswersItsQuestion() {
        assertThat(lessons()).hasSizeGreaterThanOrEqualTo(13).allSatisfy(lesson ->
                assertThat(lesson.answerRule()).as(lesson.id()).isPresent());
    }

    @Test
    void withoutRunsEveryLessonNamesThePresetToRunFirst() {
        for (Lesson lesson : lessons()) {
            AnswerRule rule = lesson.answerRule().orElseThrow();
            assertThat(rule.evaluate(Map.of())).isInstanceOfSatisfying(Verdict.Incomplete.class,
                    i -> assertThat(i.runNext()).isEqualTo(rule.presets().getFirst()));
        }
    }

    /** The shipped lesson with this id (ids, unlike file names and orders, never change). */
    public static Lesson lesson(String id) {
        return lessons().stream().filter(l -> l.id().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no lesson " + id + " in " + LESSONS));
    }

    private static List<Lesson> lessons() {
        try (Stream<Path> files = Files.list(LESSONS)) {
            return files.filter(p -> p.toString().endsWith(".md")).sorted().map(LessonAnswersTest::parse).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Lesson parse(Path file) {
        try {
            return PARSER.parse(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
