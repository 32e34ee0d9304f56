package lab.gil.interpreter;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of the fidelity table: a figure measured on CPython and on the emulation, pair by pair, summarised as the
 * median of each side and the median of the paired ratios emulation / CPython.
 *
 * <p>When there is no CPython figure for a row (no python3, or no free-threaded CPython here) the emulation is
 * compared with {@code reference}, a stated ideal, instead.
 */
final class PairedRow {

    /** How close emulation and CPython must be. */
    enum Target {
        WITHIN_10_PERCENT(1.10), WITHIN_FACTOR_1_5(1.5);

        final double factor;

        Target(double factor) {
            this.factor = factor;
        }

        boolean met(double ratio) {
            double tolerance = factor - 1;
            return this == WITHIN_10_PERCENT ? Math.abs(ratio - 1) <= tolerance : ratio <= factor && ratio >= 1 / factor;
        }
    }

    final String name;
    final String unit;
    final double scale;
    final Target target;
    final Double reference;
    final String referenceLabel;
    final List<Double> cpython = new ArrayList<>();
    final List<Double> emulation = new ArrayList<>();

    PairedRow(String name, String unit, double scale, Target target, Double reference, String referenceLabel) {
        this.name = name;
        this.unit = unit;
        this.scale = scale;
        this.target = target;
        this.reference = reference;
        this.referenceLabel = referenceLabel;
    }

    static PairedRow of(String name, String unit, double scale, Target target) {
        return new PairedRow(name, unit, scale, target, null, null);
    }

    void add(Double cpythonFigure, double emulationFigure) {
        if (cpythonFigure != null) {
            cpython.add(cpythonFigure);
        }
        emulation.add(emulationFigure);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The median of emulation / CPython over the pairs, or emulation / reference; NaN if neither exists. */
    double pairedRatio() {
        if (reference != null) {
            return median(emulation) / reference;
        }
        if (cpython.size() != emulation.size() || cpython.isEmpty()) {
            return Double.NaN;
        }
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < cpython.size(); i++) {
            ratios.add(emulation.get(i) / cpython.get(i));
        }
        return median(ratios);
    }

    String format() {
        String cpy = reference != null ? referenceLabel
                : cpython.isEmpty() ? "(no python3)" : String.format("%.3f", median(cpython) * scale);
        double ratio = pairedRatio();
        String verdict = Double.isNaN(ratio) ? "-" : target.met(ratio) ? "yes" : "NO";
        return String.format("| %-54s | %-5s | %14s | %10.3f | %9s | %-10s | %-4s |", name, unit, cpy,
                median(emulation) * scale, Double.isNaN(ratio) ? "-" : String.format("%.2f", ratio),
                target == Target.WITHIN_10_PERCENT ? "+-10%" : "x1.5", verdict);
    }

    static String header() {
        return String.format("| %-54s | %-5s | %14s | %10s | %9s | %-10s | %-4s |%n", "experiment", "unit",
                "CPython 3.11*", "emulation", "emu/CPy", "target", "met")
                + "|" + "-".repeat(56) + "|-------|" + "-".repeat(16) + "|" + "-".repeat(12) + "|" + "-".repeat(11)
                + "|------------|------|";
    }
}
