package lab.gil.lesson;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the lessons live.
 *
 * @param dir the folder holding the lesson files ({@code gillab.lessons.dir}); relative paths start at the
 *            working directory
 */
@ConfigurationProperties("gillab.lessons")
public record LessonProperties(@DefaultValue("lessons") String dir) {

    public Path folder() {
        return Path.of(dir);
    }
}
