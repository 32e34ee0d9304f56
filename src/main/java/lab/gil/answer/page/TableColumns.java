package lab.gil.answer.page;

import java.util.List;
import lab.gil.answer.AnswerRule;

/** The figures of a lesson's runs table: those its answer reads, so that each lesson's table shows what matters to it. */
final class TableColumns {

    private TableColumns() {}

    /** Column ids the runs table template knows how to fill. */
    static List<String> of(AnswerRule rule) {
        if (rule == null) {
            return List.of("wall-time", "speedup");
        }
        return switch (rule.figure()) {
            case SPEEDUP, HALVES_THE_TIME -> List.of("wall-time", "speedup");
            case WALL_TIME, TIME_RATIO, FASTEST -> List.of("wall-time", "cpu-time");
            case COPY_TIME_RATIO -> List.of("copy-time", "bytes-copied", "wall-time");
            case LOST_UPDATES -> List.of("counter", "lost-updates");
            case BACK_FROM_IO -> List.of("back-from-io", "wall-time");
            case TASKS_FINISHED -> List.of("tasks-finished", "state");
        };
    }
}
