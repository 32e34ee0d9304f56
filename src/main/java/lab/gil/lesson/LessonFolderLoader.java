package lab.gil.lesson;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads every lesson file of a folder into a {@link CatalogSnapshot}; a file that fails becomes a
 * {@link LessonProblem} and never stops the others.
 */
final class LessonFolderLoader {

    private static final Comparator<Lesson> LESSON_ORDER =
            Comparator.comparingInt(Lesson::order).thenComparing(Lesson::id);

    /** The lessons folder, as configured. */
    private final Path folder;

    LessonFolderLoader(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    /**
     * Loads the files named by {@code stamp}, which must have been taken before this call: a file changed while
     * it is read then differs from the stamp, and the next check loads it again.
     */
    CatalogSnapshot load(FolderStamp stamp, LessonParser parser, long now) {
        List<Lesson> lessons = new ArrayList<>();
        Map<String, Lesson> byId = new HashMap<>();
        List<LessonProblem> problems = new ArrayList<>();
        if (stamp.missing()) {
            problems.add(new LessonProblem(folder.toString(),
                    "the lessons folder does not exist or cannot be listed (set gillab.lessons.dir)"));
        }
        for (String fileName : stamp.files().keySet()) { // sorted, so which duplicate wins is stable
            try {
                Lesson lesson = parser.parse(fileName, read(folder.resolve(fileName)));
                Lesson earlier = byId.putIfAbsent(lesson.id(), lesson);
                if (earlier != null) {
                    problems.add(new LessonProblem(fileName, "id: \"" + lesson.id() + "\" is already used by "
                            + earlier.sourceFile()));
                } else {
                    lessons.add(lesson);
                }
            } catch (LessonFormatException e) {
                e.reasons().forEach(reason -> problems.add(new LessonProblem(fileName, reason)));
            }
        }
        lessons.sort(LESSON_ORDER);
        return new CatalogSnapshot(lessons, byId, problems, stamp, parser.figures(), now);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new LessonFormatException("file: not UTF-8 text; save it as UTF-8");
        } catch (IOException e) {
            throw new LessonFormatException("file: cannot be read (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
    }
}
