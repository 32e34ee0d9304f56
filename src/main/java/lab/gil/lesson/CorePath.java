package lab.gil.lesson;

import java.util.List;

/**
 * The lessons a class of about an hour takes, in order, and those left as follow-ups: lesson files mark theirs with
 * {@code core: true}. A 90-minute class has room for the core path, its questions and a follow-up or two.
 *
 * @param core      the lessons on the core path, in lesson order
 * @param followUps the other lessons, in lesson order
 */
public record CorePath(List<Lesson> core, List<Lesson> followUps) {

    public CorePath {
        core = List.copyOf(core);
        followUps = List.copyOf(followUps);
    }

    /** Splits {@code lessons} (in lesson order) into the core path and the follow-ups. */
    public static CorePath of(List<Lesson> lessons) {
        return new CorePath(lessons.stream().filter(Lesson::core).toList(),
                lessons.stream().filter(l -> !l.core()).toList());
    }

    /** The core path's estimated class time. */
    public int minutes() {
        return core.stream().mapToInt(Lesson::minutes).sum();
    }

    /** How each lesson's time is estimated, for the pages that show it. */
    public String howTimed() {
        return ClassMinutes.HOW;
    }
}
