package lab.gil.cpython.fidelity;

import java.util.Locale;

/**
 * One figure as the emulation and real CPython measured it, and how far apart they are. CPython is the truth: the
 * ratio is the emulation's figure over CPython's, and they disagree when it is off by more than
 * {@link #TOLERANCE} either way (cheaper than CPython is as false as dearer).
 *
 * @param answers whether the lesson's answer reads this figure
 */
public record FigurePair(RunFigure figure, double emulation, double cpython, boolean answers) {

    /** How far the emulation may be from CPython, as a share of CPython's figure, and still agree. */
    public static final double TOLERANCE = 0.10;

    public static FigurePair of(RunFigure figure, MeasuredFigures emulation, MeasuredFigures cpython,
                                boolean answers) {
        return new FigurePair(figure, figure.of(emulation), figure.of(cpython), answers);
    }

    /** Whether both engines measured it. */
    public boolean compared() {
        return Double.isFinite(emulation) && Double.isFinite(cpython);
    }

    /** The emulation's figure over CPython's; NaN when either is missing or CPython's is 0. */
    public double ratio() {
        return compared() && cpython != 0 ? emulation / cpython : Double.NaN;
    }

    /** Whether they differ by more than {@link #TOLERANCE} of CPython's figure (a zero agrees only with a zero). */
    public boolean disagrees() {
        return compared() && Math.abs(emulation - cpython) > TOLERANCE * Math.abs(cpython);
    }

    public String emulationText() {
        return figure.text(emulation);
    }

    public String cpythonText() {
        return figure.text(cpython);
    }

    /** "1.04", "same" for two equal figures (two zeros, say), "–" when there is nothing to divide. */
    public String ratioText() {
        if (compared() && emulation == cpython) {
            return "same";
        }
        double r = ratio();
        return Double.isFinite(r) ? String.format(Locale.ROOT, "%.2f", r) : "–";
    }
}
