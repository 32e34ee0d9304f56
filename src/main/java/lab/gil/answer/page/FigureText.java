package lab.gil.answer.page;

import java.util.Locale;
import lab.gil.answer.Figure;

/** A measured figure's number as the page writes it: "38×", "1.97×", "0.52 s", "4.9 ms", "12,345". */
final class FigureText {

    private FigureText() {}

    static String of(Figure figure, double value) {
        return switch (figure) {
            case SPEEDUP, TIME_RATIO, COPY_TIME_RATIO -> times(value);
            case WALL_TIME -> seconds(value);
            case BACK_FROM_IO -> String.format(Locale.ROOT, value < 10 ? "%.1f ms" : "%.0f ms", value);
            case LOST_UPDATES, TASKS_FINISHED -> String.format(Locale.ROOT, "%,d", Math.round(value));
            case FASTEST, HALVES_THE_TIME -> "";
        };
    }

    /** A ratio with the digits that mean something: "38×", "4.2×", "0.98×". */
    static String times(double ratio) {
        return String.format(Locale.ROOT, ratio >= 10 ? "%.0f×" : ratio >= 3 ? "%.1f×" : "%.2f×", ratio);
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, seconds >= 10 ? "%.1f s" : "%.2f s", seconds);
    }
}
