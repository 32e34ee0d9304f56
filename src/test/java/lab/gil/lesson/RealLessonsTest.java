package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

/** The lessons shipped in {@code lessons/}, loaded as the app loads them, presets checked by the run engine's rules. */
class RealLessonsTest {

    private static final Path LESSONS = Path.of("lessons");

    private final LessonCatalog catalog =
            new LessonCatalog(LESSONS, () -> ScenarioParser::presetProblems, Duration.ZERO, System::nanoTime);

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
    void theConvoyClosesTheGilsMechanicsAndCrashesCloseTheProcessBlock() {
        assertThat(catalog.lessons()).extracting(Lesson::id)
                .as("the switch interval right after the GIL's other mechanics (lessons 1-5)")
                .containsSequence("c-extensions-release-the-gil", "switch-interval-and-convoy", "starting-processes")
                .as("crashes right after oversubscription, in the process block")
                .containsSequence("starting-processes", "copying-vs-sharing", "oversubscription", "crashes",
                        "race-conditions");
    }

    @Test
    void everyLessonButTheCapstoneOffersTwoToFivePresets() {
        assertThat(catalog.lessons()).filteredOn(lesson -> lesson.order() != CAPSTONE)
                .allSatisfy(lesson -> assertThat(lesson.presets()).hasSizeBetween(2, 5));
    }

    @Test
    void theCapstoneRunsEachOfItsFourWorkloadsOnEveryKindOfWorkerAndTabulatesWhatAWorkerCosts() {
        Lesson capstone = catalog.lessons().stream().filter(l -> l.order() == CAPSTONE).findFirst().orElseThrow();
        var byWorkload = capstone.presets().stream().collect(Collectors.groupingBy(
                p -> p.name().substring(0, p.name().indexOf(':')),
                Collectors.mapping(p -> p.scenario().get("executor"), Collectors.toSet())));
        assertThat(byWorkload).hasSize(4);
        Set<String> kinds = byWorkload.values().iterator().next();
        assertThat(kinds).as("processes and threads at least").contains("processes", "threads");
        assertThat(byWorkload.values()).as("every workload on the same kinds of worker").allSatisfy(k ->
                assertThat(k).isEqualTo(kinds));
        assertThat(capstone.table()).contains("wall-time", "cpu-time", "memory-per-worker", "start-cost");
    }

    /** The capstone: four workloads on every kind of worker, one preset each. */
    private static final int CAPSTONE = 15;

    @Test
    void everyLessonALessonPointsToExists() throws Exception {
        Set<Integer> orders = catalog.lessons().stream().map(Lesson::order).collect(Collectors.toSet());
        for (Lesson lesson : catalog.lessons()) {
            Matcher mention = LESSON_MENTION.matcher(Files.readString(LESSONS.resolve(lesson.sourceFile())));
            while (mention.find()) {
                assertThat(orders).as(lesson.sourceFile() + " mentions \"" + mention.group() + "\"")
                        .contains(Integer.parseInt(mention.group(1)));
            }
        }
    }

    /** "lesson 11" or "Lesson 11", as lessons point to each other in their prose. */
    private static final Pattern LESSON_MENTION = Pattern.compile("\\b[Ll]esson (\\d+)");
}
