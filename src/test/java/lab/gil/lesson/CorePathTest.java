package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core path of the shipped lessons: about an hour of a 90-minute class, and each lesson's time estimated. */
class CorePathTest {

    private final LessonParser parser = new LessonParser();

    @Test
    void aLessonsTimeIsItsReadingAtTwoHundredWordsAMinutePlusPredictingItsAnsweringRunsAndDiscussing() {
        String fourHundredWords = "word ".repeat(400);
        assertThat(ClassMinutes.estimate(2, fourHundredWords)).isEqualTo(2 + 1 + 2 + 2);
        assertThat(ClassMinutes.estimate(0, fourHundredWords, "one more")).as("rounded up").isEqualTo(3 + 1 + 2);
    }

    @Test
    void theShippedCorePathTakesAboutAnHourInLessonOrderAndLeavesTheRestAsFollowUps() throws IOException {
        CorePath path = CorePath.of(shippedLessons());
        assertThat(path.minutes()).as("about 60 minutes of a 90-minute class").isBetween(50, 65);
        assertThat(path.core()).extracting(Lesson::id).contains("cpu-bound-threads-and-the-gil", "race-conditions",
                "choosing-processes-threads-or-greenlets");
        assertThat(path.core()).isSortedAccordingTo(Comparator.comparingInt(Lesson::order));
        assertThat(path.followUps()).isNotEmpty().noneMatch(Lesson::core);
        assertThat(path.core().size() + path.followUps().size()).isEqualTo(shippedLessons().size());
    }

    private List<Lesson> shippedLessons() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("lessons"))) {
            return files.filter(f -> f.toString().endsWith(".md")).sorted().map(f -> {
                try {
                    return parser.parse(f.getFileName().toString(), Files.readString(f));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted(Comparator.comparingInt(Lesson::order)).toList();
        }
    }
}
