package lab.gil.lesson;

import java.util.List;
import java.util.Map;

/**
 * Everything the catalog knows after one load of the lessons folder; immutable, so readers share it without locks.
 *
 * @param lessons   sorted by order, then id
 * @param byId      the same lessons by id
 * @param problems  the files that could not be loaded, sorted by file name
 * @param stamp     the folder as it was just before it was read
 * @param figures   the server's figures the lessons' placeholders were filled with
 * @param checkedAt {@link System#nanoTime()} of the last time the stamp was compared with the folder
 */
record CatalogSnapshot(List<Lesson> lessons, Map<String, Lesson> byId, List<LessonProblem> problems,
                       FolderStamp stamp, Map<String, Double> figures, long checkedAt) {

    CatalogSnapshot {
        lessons = List.copyOf(lessons);
        byId = Map.copyOf(byId);
        problems = List.copyOf(problems);
        figures = Map.copyOf(figures);
    }

    /** The same content, confirmed unchanged at {@code now}. */
    CatalogSnapshot checkedAgainAt(long now) {
        return new CatalogSnapshot(lessons, byId, problems, stamp, figures, now);
    }
}
