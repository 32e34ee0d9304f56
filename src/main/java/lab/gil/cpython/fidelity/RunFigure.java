package lab.gil.cpython.fidelity;

import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import lab.gil.answer.AnswerRule;

/**
 * A figure one run measures that the emulation and CPython are compared by: wall and CPU time for every run, and
 * the figure a lesson's answer reads from a preset's run.
 */
public enum RunFigure {

    SPEEDUP("Speedup", MeasuredFigures::speedup),
    WALL_TIME("Wall time", MeasuredFigures::wallMillis),
    CPU_TIME("CPU time", MeasuredFigures::cpuMillis),
    COPY_TIME("Time copying data", MeasuredFigures::copyMillis),
    LOST_UPDATES("Lost updates", f -> f.lostUpdates() == null ? Double.NaN : f.lostUpdates()),
    BACK_FROM_IO("Back from I/O (median)", MeasuredFigures::backFromIoMillis),
    TASKS_FINISHED("Tasks finished", MeasuredFigures::tasksDone);

    private final String words;
    private final ToDoubleFunction<MeasuredFigures> read;

    RunFigure(String words, ToDoubleFunction<MeasuredFigures> read) {
        this.words = words;
        this.read = read;
    }

    /** The figure's name on a page. */
    public String words() {
        return words;
    }

    /** The figure in {@code f}; NaN when not measured. */
    public double of(MeasuredFigures f) {
        return f == null ? Double.NaN : read.applyAsDouble(f);
    }

    /** The value as a page writes it: "1.97×", "1.02 s", "4.9 ms", "12,345". */
    public String text(double value) {
        if (!Double.isFinite(value)) {
            return "–";
        }
        return switch (this) {
            case SPEEDUP -> String.format(Locale.ROOT, "%.2f×", value);
            case WALL_TIME, CPU_TIME -> String.format(Locale.ROOT, "%.2f s", value / 1000);
            case COPY_TIME, BACK_FROM_IO -> String.format(Locale.ROOT, "%.1f ms", value);
            case LOST_UPDATES, TASKS_FINISHED -> String.format(Locale.ROOT, "%,d", Math.round(value));
        };
    }

    /**
     * The figure a lesson's answer reads from {@code preset}'s run: a speedup, a wall time (of one preset, or one
     * side of a ratio or a race), copying time, lost updates, the wait back from I/O, or tasks finished. Empty when
     * the answer does not read that preset.
     */
    public static Optional<RunFigure> readBy(AnswerRule rule, String preset) {
        if (rule == null || !rule.presets().contains(preset)) {
            return Optional.empty();
        }
        return Optional.of(switch (rule.figure()) {
            case SPEEDUP, HALVES_THE_TIME -> SPEEDUP;
            case WALL_TIME, TIME_RATIO, FASTEST -> WALL_TIME;
            case COPY_TIME_RATIO -> COPY_TIME;
            case LOST_UPDATES -> LOST_UPDATES;
            case BACK_FROM_IO -> BACK_FROM_IO;
            case TASKS_FINISHED -> TASKS_FINISHED;
        });
    }
}
