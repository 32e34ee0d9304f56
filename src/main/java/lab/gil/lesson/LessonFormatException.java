package lab.gil.lesson;

import java.util.List;

/** A lesson file that cannot be read as a lesson, with one line per reason, each naming the field at fault. */
public class LessonFormatException extends RuntimeException {

    private final List<String> reasons;

    public LessonFormatException(String reason) {
        this(List.of(reason));
    }

    public LessonFormatException(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
