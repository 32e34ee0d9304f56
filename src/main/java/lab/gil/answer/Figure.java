package lab.gil.answer;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The measured figures a lesson's question can be answered by, each read from the runs of one or more presets.
 * A figure is a number (compared with {@link Condition.Range}) or a choice among the presets (compared with
 * {@link Condition.Presets}).
 */
public enum Figure {

    /** The one preset's speedup over the same work on one worker (×). */
    SPEEDUP("speedup", 1, 1, true),
    /** The one preset's wall time, in seconds. */
    WALL_TIME("wall-time", 1, 1, true),
    /** The first preset's wall time over the second's (×). */
    TIME_RATIO("time-ratio", 2, 2, true),
    /** The first preset's time spent copying data over the second's (×). */
    COPY_TIME_RATIO("copy-time-ratio", 2, 2, true),
    /** Increments the shared counter lost in the one preset's run. */
    LOST_UPDATES("lost-updates", 1, 1, true),
    /** Median time, in ms, a thread back from I/O waited to take the GIL again, in the one preset's run. */
    BACK_FROM_IO("back-from-io", 1, 1, true),
    /** Tasks that finished in the one preset's run, also when the run failed. */
    TASKS_FINISHED("tasks-finished", 1, 1, true),
    /** The preset whose run took the least wall time. */
    FASTEST("fastest", 2, Integer.MAX_VALUE, false),
    /**
     * The presets whose run took about half the time of the same work on one worker: a speedup of at least
     * {@link Figure#HALVES}; below {@link Figure#DOES_NOT_HALVE} it does not; in between the run is too close to tell.
     */
    HALVES_THE_TIME("halves-the-time", 1, Integer.MAX_VALUE, false);

    /** A speedup from which a run counts as taking about half the time. */
    public static final double HALVES = 1.6;
    /** A speedup below which a run clearly did not halve the time. */
    public static final double DOES_NOT_HALVE = 1.3;

    private final String id;
    private final int minPresets;
    private final int maxPresets;
    private final boolean numeric;

    Figure(String id, int minPresets, int maxPresets, boolean numeric) {
        this.id = id;
        this.minPresets = minPresets;
        this.maxPresets = maxPresets;
        this.numeric = numeric;
    }

    /** The name lesson files use. */
    public String id() {
        return id;
    }

    /** Whether the figure is a number; otherwise it names presets. */
    public boolean numeric() {
        return numeric;
    }

    public static Optional<Figure> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    /** Every figure's name, for messages. */
    public static String ids() {
        return Arrays.stream(values()).map(Figure::id).collect(Collectors.joining(", "));
    }

    /** Null when {@code count} presets suit this figure, else why not. */
    String presetCountProblem(int count) {
        if (count >= minPresets && count <= maxPresets) {
            return null;
        }
        String wanted = minPresets == maxPresets ? (minPresets == 1 ? "one preset" : minPresets + " presets")
                : "at least " + minPresets + " preset" + (minPresets == 1 ? "" : "s");
        return id + " is read from " + wanted + ", got " + count;
    }
}
