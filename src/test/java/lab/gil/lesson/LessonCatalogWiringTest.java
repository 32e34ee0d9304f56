package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

class LessonCatalogWiringTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(LessonProperties.class)
    @Import(LessonCatalog.class)
    static class CatalogOnly {}

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(CatalogOnly.class);

    @TempDir
    Path folder;

    @Test
    void theFolderComesFromGillabLessonsDir() throws IOException {
        Files.writeString(folder.resolve("01-one.md"), LessonFiles.withIdAndOrder("one", 1));

        context.withPropertyValues("gillab.lessons.dir=" + folder).run(app ->
                assertThat(app.getBean(LessonCatalog.class).lessons()).extracting(Lesson::id).containsExactly("one"));
    }

    @Test
    void theFolderDefaultsToLessonsInTheWorkingDirectory() {
        context.run(app -> assertThat(app.getBean(LessonProperties.class).folder()).isEqualTo(Path.of("lessons")));
    }

    @Test
    void aPresetValidatorBeanIsUsedWhenThereIsOne() throws IOException {
        Files.writeString(folder.resolve("01-one.md"), LessonFiles.withIdAndOrder("one", 1));
        PresetValidator refusesAll = scenario -> List.of("refused");

        context.withPropertyValues("gillab.lessons.dir=" + folder)
                .withBean(PresetValidator.class, () -> refusesAll)
                .run(app -> assertThat(app.getBean(LessonCatalog.class).problems())
                        .extracting(LessonProblem::reason)
                        .containsExactly("presets[0].scenario: refused", "presets[1].scenario: refused"));
    }
}
