package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonParser;
import org.junit.jupiter.api.Test;

/**
 * The verdicts the packaged-jar tests expect name each lesson's own choices, word for word: a lesson that rewords a
 * choice fails here at once, rather than minutes into {@code verify}.
 */
class LessonVerdictsTableTest {

    @Test
    void everyExpectedVerdictIsOneOfItsLessonsChoicesAndEveryLessonWithAnAnswerHasOne() throws IOException {
        List<Lesson> lessons;
        try (Stream<Path> files = Files.list(Path.of("lessons"))) {
            LessonParser parser = new LessonParser();
            lessons = files.filter(f -> f.toString().endsWith(".md")).sorted()
                    .map(f -> parser.parse(f.getFileName().toString(), read(f))).toList();
        }
        assertThat(LessonVerdicts.EXPECTED).allSatisfy((id, verdicts) -> {
            Lesson lesson = lessons.stream().filter(l -> l.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no lesson " + id));
            assertThat(lesson.prediction().choices()).as(id).containsAll(verdicts);
        });
        assertThat(lessons).filteredOn(lesson -> lesson.answerRule().isPresent()).extracting(Lesson::id)
                .allSatisfy(id -> assertThat(LessonVerdicts.EXPECTED).containsKey(id));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
