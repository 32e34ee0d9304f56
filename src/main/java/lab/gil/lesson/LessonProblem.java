package lab.gil.lesson;

/**
 * Why a file in the lessons folder could not become a lesson, in one line an instructor can act on.
 *
 * @param fileName the file at fault, or the folder when it is missing
 * @param reason   what is wrong, naming the field, e.g. {@code presets[1].scenario.workers: expected ...}
 */
public record LessonProblem(String fileName, String reason) {

    @Override
    public String toString() {
        return fileName + ": " + reason;
    }
}
