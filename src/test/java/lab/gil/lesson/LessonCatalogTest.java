package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonCatalogTest {

    /** Checks the folder on every access, so tests see changes at once. */
    private static final Duration ALWAYS_CHECK = Duration.ZERO;

    @TempDir
    Path folder;

    @Test
    void aBrokenFileDoesNotStopTheOthersLoading() throws IOException {
        write("01-good.md", LessonFiles.withIdAndOrder("good", 1));
        write("02-broken.md", LessonFiles.replacing("order: 1", "order: first"));

        LessonCatalog catalog = catalog();

        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("good");
        assertThat(catalog.problems()).containsExactly(
                new LessonProblem("02-broken.md", "order: expected a whole number, got \"first\""));
    }

    @Test
    void aFileThatIsNotUtf8IsReportedAsUnreadable() throws IOException {
        Files.write(folder.resolve("01-latin1.md"), new byte[] {'-', '-', '-', '\n', (byte) 0xE9, '\n'});

        assertThat(catalog().problems()).extracting(LessonProblem::reason)
                .containsExactly("file: not UTF-8 text; save it as UTF-8");
    }

    @Test
    void onlyMarkdownFilesAreRead() throws IOException {
        write("01-good.md", LessonFiles.withIdAndOrder("good", 1));
        write("notes.txt", "not a lesson");

        assertThat(catalog().problems()).isEmpty();
    }

    @Test
    void aSecondFileWithTheSameIdIsReportedAndTheFirstByNameKept() throws IOException {
        write("01-first.md", LessonFiles.withIdAndOrder("same", 1));
        write("02-second.md", LessonFiles.withIdAndOrder("same", 2));

        LessonCatalog catalog = catalog();

        assertThat(catalog.lessons()).extracting(Lesson::sourceFile).containsExactly("01-first.md");
        assertThat(catalog.problems()).containsExactly(
                new LessonProblem("02-second.md", "id: \"same\" is already used by 01-first.md"));
    }

    @Test
    void lessonsAreSortedByOrderThenId() throws IOException {
        write("a.md", LessonFiles.withIdAndOrder("zeta", 2));
        write("b.md", LessonFiles.withIdAndOrder("beta", 2));
        write("c.md", LessonFiles.withIdAndOrder("last", 10));
        write("d.md", LessonFiles.withIdAndOrder("first", -1));

        assertThat(catalog().lessons()).extracting(Lesson::id).containsExactly("first", "beta", "zeta", "last");
    }

    @Test
    void findReturnsALessonByIdAndNothingForAnUnknownId() throws IOException {
        write("01-good.md", LessonFiles.withIdAndOrder("good", 1));

        LessonCatalog catalog = catalog();

        assertThat(catalog.find("good")).map(Lesson::sourceFile).contains("01-good.md");
        assertThat(catalog.find("missing")).isEmpty();
        assertThat(catalog.find(null)).isEmpty();
    }

    @Test
    void aMissingFolderIsReportedAndLeavesTheCatalogEmpty() {
        LessonCatalog catalog = new LessonCatalog(folder.resolve("nowhere"), () -> null, ALWAYS_CHECK, System::nanoTime);

        assertThat(catalog.lessons()).isEmpty();
        assertThat(catalog.problems()).singleElement().satisfies(p -> {
            assertThat(p.fileName()).endsWith("nowhere");
            assertThat(p.reason()).startsWith("the lessons folder does not exist");
        });
    }

    @Test
    void reloadPicksUpAnAddedFile() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1));
        LessonCatalog catalog = catalog();

        write("02-two.md", LessonFiles.withIdAndOrder("two", 2));

        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("one", "two");
    }

    @Test
    void reloadPicksUpAChangedFile() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1));
        LessonCatalog catalog = catalog();

        write("01-one.md", LessonFiles.withIdAndOrder("one", 1).replace("Cores and threads", "Renamed"));

        assertThat(catalog.find("one")).map(Lesson::title).contains("Renamed");
    }

    @Test
    void reloadNoticesAChangeOfTimeEvenWhenTheSizeStaysTheSame() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1));
        LessonCatalog catalog = catalog();

        write("01-one.md", LessonFiles.withIdAndOrder("one", 1).replace("Cores and threads", "Cores and THREADS"));
        Files.setLastModifiedTime(folder.resolve("01-one.md"), FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(catalog.find("one")).map(Lesson::title).contains("Cores and THREADS");
    }

    @Test
    void reloadPicksUpARemovedFileAndAFixedOne() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1));
        write("02-broken.md", "no front matter");
        LessonCatalog catalog = catalog();
        assertThat(catalog.problems()).hasSize(1);

        Files.delete(folder.resolve("01-one.md"));
        write("02-broken.md", LessonFiles.withIdAndOrder("fixed", 2));

        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("fixed");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void theFolderIsNotCheckedAgainWithinTheCheckInterval() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1));
        AtomicLong clock = new AtomicLong();
        LessonCatalog catalog = new LessonCatalog(folder, () -> null, Duration.ofSeconds(2), clock::get);

        write("02-two.md", LessonFiles.withIdAndOrder("two", 2));
        clock.addAndGet(Duration.ofMillis(1_999).toNanos());
        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("one");

        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("one", "two");
    }

    @Test
    void lessonsAreReadAgainWhenTheServersFiguresChangeAsTheyDoOnceMeasured() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1)
                .replace("How long do two threads take?", "Two threads do {{capacity-2}}x here. How long?"));
        AtomicReference<Map<String, Double>> figures = new AtomicReference<>(Map.of("capacity-2", 2.0));
        LessonCatalog catalog = new LessonCatalog(folder, () -> null, figures::get, ALWAYS_CHECK, System::nanoTime);
        assertThat(catalog.lessons().getFirst().prediction().question()).isEqualTo("Two threads do 2x here. How long?");

        figures.set(Map.of("capacity-2", 1.2));

        assertThat(catalog.lessons().getFirst().prediction().question()).isEqualTo("Two threads do 1.2x here. How long?");
    }

    @Test
    void aPlaceholderNamingNoFigureIsAProblemOfItsFileAlone() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1).replace("title: Cores and threads", "title: \"{{cpus}}\""));
        write("02-two.md", LessonFiles.withIdAndOrder("two", 2));
        LessonCatalog catalog = new LessonCatalog(folder, () -> null, () -> Map.of("cores", 2.0), ALWAYS_CHECK,
                System::nanoTime);
        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("two");
        assertThat(catalog.problems()).singleElement().satisfies(p ->
                assertThat(p.reason()).startsWith("title: {{cpus}}: no figure is called \"cpus\""));
    }

    @Test
    void thePresetValidatorsProblemsAreReportedAndTheLessonSkipped() throws IOException {
        write("01-one.md", LessonFiles.withIdAndOrder("one", 1));
        PresetValidator refusesFreeThreading = scenario -> "free-threaded".equals(scenario.get("gil"))
                ? List.of("gil: free-threaded is not available")
                : List.of();

        LessonCatalog catalog = new LessonCatalog(folder, () -> refusesFreeThreading, ALWAYS_CHECK, System::nanoTime);

        assertThat(catalog.lessons()).isEmpty();
        assertThat(catalog.problems()).containsExactly(
                new LessonProblem("01-one.md", "presets[0].scenario: gil: free-threaded is not available"));
    }

    private LessonCatalog catalog() {
        return new LessonCatalog(folder, () -> null, ALWAYS_CHECK, System::nanoTime);
    }

    private void write(String fileName, String text) throws IOException {
        Files.writeString(folder.resolve(fileName), text, StandardCharsets.UTF_8);
    }
}
