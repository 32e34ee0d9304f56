package lab.gil.answer;

import java.util.List;

/**
 * The figures a lesson's runs table shows, by the ids lesson files and the table's template use: those the lesson
 * names ({@code table:} in its file), else those its answer reads, so that each lesson's table shows what matters
 * to it.
 */
public final class RunsTable {

    /** Every column the runs table's template knows how to fill. */
    public static final List<String> COLUMNS = List.of("wall-time", "cpu-time", "speedup", "copy-time",
            "bytes-copied", "counter", "lost-updates", "back-from-io", "tasks-finished", "state", "workers",
            "memory-per-worker", "start-cost");

    private RunsTable() {}

    /**
     * The columns of a lesson's table.
     *
     * @param named the columns the lesson's file names, in its order; empty when it names none
     * @param rule  how the lesson's question is answered; null when its file does not say
     */
    public static List<String> columns(List<String> named, AnswerRule rule) {
        if (!named.isEmpty()) {
            return List.copyOf(named);
        }
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
