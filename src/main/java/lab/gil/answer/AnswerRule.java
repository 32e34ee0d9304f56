package lab.gil.answer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * How a lesson's question is answered: the figure to measure, the presets whose runs it is read from, and for
 * each prediction choice the condition on the figure under which the measurement supports that choice.
 *
 * <p>Invariant, checked at construction: the presets suit the figure, each condition suits the figure (a range for
 * a number, presets of this rule otherwise), and no measurement can support two choices.
 *
 * @param figure  what answers the question
 * @param presets the presets' names, in the figure's order (a ratio is the first over the second)
 * @param choices each choice's condition, in the lesson's order of choices
 */
public record AnswerRule(Figure figure, List<String> presets, Map<String, Condition> choices) {

    public AnswerRule {
        presets = List.copyOf(presets);
        choices = Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        String countProblem = figure.presetCountProblem(presets.size());
        if (countProblem != null) {
            throw new IllegalArgumentException(countProblem);
        }
        if (new HashSet<>(presets).size() != presets.size()) {
            throw new IllegalArgumentException("a preset is named twice");
        }
        for (var choice : choices.entrySet()) {
            checkSuits(choice.getKey(), choice.getValue(), figure, presets);
        }
        checkNoMeasurementSupportsTwo(figure, choices);
    }

    /**
     * The verdict of the student's runs.
     *
     * @param runsByPreset each preset's finished runs, newest first; presets without runs may be absent
     */
    public Verdict evaluate(Map<String, List<RunFigures>> runsByPreset) {
        Map<String, RunFigures> used = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String preset : presets) {
            runsByPreset.getOrDefault(preset, List.of()).stream().filter(this::measures).findFirst()
                    .ifPresentOrElse(run -> used.put(preset, run), () -> missing.add(preset));
        }
        if (!missing.isEmpty()) {
            return new Verdict.Incomplete(missing);
        }
        return figure.numeric() ? judgeNumber(used) : judgePresets(used);
    }

    /** Whether the run measured what this rule's figure is read from. */
    private boolean measures(RunFigures run) {
        return switch (figure) {
            case SPEEDUP, HALVES_THE_TIME -> run.hasSpeedup();
            case WALL_TIME, TIME_RATIO, FASTEST -> run.hasWallTime();
            case COPY_TIME_RATIO -> run.finished() && run.copyMillis() > 0;
            case LOST_UPDATES -> run.finished() && run.lostUpdates() != null;
            case BACK_FROM_IO -> run.finished() && Double.isFinite(run.ioRetakeMedianMillis());
            case TASKS_FINISHED -> run.finished();
        };
    }

    private Verdict judgeNumber(Map<String, RunFigures> used) {
        RunFigures a = used.get(presets.getFirst());
        RunFigures b = presets.size() > 1 ? used.get(presets.get(1)) : null;
        double value = switch (figure) {
            case SPEEDUP -> a.speedup();
            case WALL_TIME -> a.wallMillis() / 1000;
            case TIME_RATIO -> a.wallMillis() / b.wallMillis();
            case COPY_TIME_RATIO -> a.copyMillis() / b.copyMillis();
            case LOST_UPDATES -> a.lostUpdates();
            case BACK_FROM_IO -> a.ioRetakeMedianMillis();
            case TASKS_FINISHED -> a.tasksDone();
            case FASTEST, HALVES_THE_TIME -> throw new IllegalStateException(figure + " is not a number");
        };
        Measurement measurement = new Measurement(figure, value, List.of(), used);
        return supportedChoice(c -> ((Condition.Range) c).contains(value), measurement);
    }

    private Verdict judgePresets(Map<String, RunFigures> used) {
        if (figure == Figure.FASTEST) {
            String fastest = used.entrySet().stream()
                    .min(Comparator.comparingDouble(e -> e.getValue().wallMillis())).orElseThrow().getKey();
            Measurement measurement = new Measurement(figure, Double.NaN, List.of(fastest), used);
            return supportedChoice(c -> ((Condition.Presets) c).names().contains(fastest), measurement);
        }
        List<String> halving = used.entrySet().stream()
                .filter(e -> e.getValue().speedup() >= Figure.HALVES).map(Map.Entry::getKey).toList();
        Measurement measurement = new Measurement(figure, Double.NaN, halving, used);
        boolean tooCloseToTell = used.values().stream()
                .anyMatch(r -> r.speedup() >= Figure.DOES_NOT_HALVE && r.speedup() < Figure.HALVES);
        if (tooCloseToTell) {
            return new Verdict.Uncovered(measurement);
        }
        return supportedChoice(c -> ((Condition.Presets) c).names().equals(new HashSet<>(halving)), measurement);
    }

    private Verdict supportedChoice(Predicate<Condition> holds, Measurement measurement) {
        return choices.entrySet().stream().filter(e -> holds.test(e.getValue())).findFirst()
                .<Verdict>map(e -> new Verdict.Supported(measurement, e.getKey()))
                .orElseGet(() -> new Verdict.Uncovered(measurement));
    }

    private static void checkSuits(String choice, Condition condition, Figure figure, List<String> presets) {
        switch (condition) {
            case Condition.Range r when !figure.numeric() -> throw new IllegalArgumentException("\"" + choice
                    + "\": " + figure.id() + " names presets, so its condition is a list of presets, not \""
                    + r.text() + "\"");
            case Condition.Presets p when figure.numeric() -> throw new IllegalArgumentException("\"" + choice
                    + "\": " + figure.id() + " is a number, so its condition is a range such as \"below 1.2\"");
            case Condition.Presets p -> {
                for (String name : p.names()) {
                    if (!presets.contains(name)) {
                        throw new IllegalArgumentException("\"" + choice + "\": \"" + name
                                + "\" is not one of the presets the answer is read from (" + String.join("; ", presets) + ")");
                    }
                }
                if (figure == Figure.FASTEST && p.names().isEmpty()) {
                    throw new IllegalArgumentException("\"" + choice + "\": some preset is always the fastest; name at least one");
                }
            }
            case Condition.Range r -> { }
        }
    }

    private static void checkNoMeasurementSupportsTwo(Figure figure, Map<String, Condition> choices) {
        List<Map.Entry<String, Condition>> list = List.copyOf(choices.entrySet());
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                if (overlap(figure, list.get(i).getValue(), list.get(j).getValue())) {
                    throw new IllegalArgumentException("\"" + list.get(i).getKey() + "\" (" + list.get(i).getValue().text()
                            + ") and \"" + list.get(j).getKey() + "\" (" + list.get(j).getValue().text()
                            + ") overlap: one measurement would support both");
                }
            }
        }
    }

    private static boolean overlap(Figure figure, Condition a, Condition b) {
        if (a instanceof Condition.Range ra && b instanceof Condition.Range rb) {
            return ra.overlaps(rb);
        }
        var na = ((Condition.Presets) a).names();
        var nb = ((Condition.Presets) b).names();
        return figure == Figure.FASTEST ? na.stream().anyMatch(nb::contains) : na.equals(nb);
    }
}
