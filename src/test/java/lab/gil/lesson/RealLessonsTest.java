package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.gil.program.ProgramSyntaxException;
import lab.gil.program.TaskProgram;
import org.junit.jupiter.api.Test;

/**
 * The lessons shipped in {@code lessons/}, loaded as the app loads them. The scenario checks here are a stand-in
 * for the run engine's own validator: they catch a lesson's typos early, not every rule the engine keeps.
 */
class RealLessonsTest {

    private static final Path LESSONS = Path.of("lessons");
    private static final Set<String> SCENARIO_FIELDS =
            Set.of("executor", "workers", "tasks", "programs", "split", "gil", "switchInterval");

    private final LessonCatalog catalog =
            new LessonCatalog(LESSONS, () -> RealLessonsTest::scenarioProblems, Duration.ZERO, System::nanoTime);

    @Test
    void everyLessonFileLoadsWithoutProblems() {
        assertThat(catalog.problems()).isEmpty();
        assertThat(catalog.lessons()).isNotEmpty();
    }

    @Test
    void everyLessonHasItsOwnOrder() {
        assertThat(catalog.lessons()).extracting(Lesson::order).doesNotHaveDuplicates();
    }

    @Test
    void everyFileNameStartsWithItsTwoDigitOrder() {
        assertThat(catalog.lessons()).allSatisfy(lesson ->
                assertThat(lesson.sourceFile()).startsWith("%02d-".formatted(lesson.order())));
    }

    @Test
    void everyLessonOffersTwoToFivePresets() {
        assertThat(catalog.lessons()).allSatisfy(lesson -> assertThat(lesson.presets()).hasSizeBetween(2, 5));
    }

    private static List<String> scenarioProblems(Map<String, String> scenario) {
        List<String> problems = new ArrayList<>();
        scenario.keySet().stream().filter(key -> !SCENARIO_FIELDS.contains(key))
                .forEach(key -> problems.add(key + ": not a scenario field"));
        checkOneOf(scenario, "executor", Set.of("sequential", "threads"), problems);
        checkOneOf(scenario, "gil", Set.of("gil", "free-threaded", "per-interpreter"), problems);
        checkOneOf(scenario, "split", Set.of("true", "false"), problems);
        checkRange(scenario, "workers", 1, 16, problems);
        checkRange(scenario, "tasks", 1, 1000, problems);
        checkRange(scenario, "switchInterval", 0.1, 100, problems);
        String programs = scenario.get("programs");
        if (programs == null) {
            problems.add("programs: missing");
        } else {
            programs.lines().filter(line -> !line.isBlank()).forEach(line -> {
                try {
                    TaskProgram.parse(line);
                } catch (ProgramSyntaxException e) {
                    problems.add("programs: " + e.getMessage());
                }
            });
        }
        return problems;
    }

    private static void checkOneOf(Map<String, String> scenario, String field, Set<String> allowed,
                                   List<String> problems) {
        String value = scenario.get(field);
        if (value != null && !allowed.contains(value)) {
            problems.add(field + ": \"" + value + "\" is not one of " + allowed);
        }
    }

    private static void checkRange(Map<String, String> scenario, String field, double min, double max,
                                   List<String> problems) {
        String value = scenario.get(field);
        if (value == null) {
            return;
        }
        try {
            double number = Double.parseDouble(value);
            if (number < min || number > max) {
                problems.add(field + ": " + value + " is outside " + min + "-" + max);
            }
        } catch (NumberFormatException e) {
            problems.add(field + ": expected a number, got \"" + value + "\"");
        }
    }
}
