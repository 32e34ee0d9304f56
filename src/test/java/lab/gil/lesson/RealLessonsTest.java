package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import lab.gil.run.ScenarioParser;
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
    void everyLessonOffersTwoToFivePresets() {
        assertThat(catalog.lessons()).allSatisfy(lesson -> assertThat(lesson.presets()).hasSizeBetween(2, 5));
    }
}
