package lab.gil.cpython.fidelity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lab.gil.answer.AnswerRule;

/**
 * One preset of the fidelity table: its current measurement in each engine (null when it has none, or only one of
 * knobs the lesson has since changed) and the figures compared: the one the lesson's answer reads from it, then wall
 * and CPU time.
 */
public record PresetRow(LessonPreset preset, PresetMeasurement emulation, PresetMeasurement cpython,
                        List<FigurePair> figures) {

    public PresetRow {
        figures = List.copyOf(figures);
    }

    static PresetRow of(LessonPreset preset, PresetMeasurement emulation, PresetMeasurement cpython) {
        emulation = preset.current(emulation) ? emulation : null;
        cpython = preset.current(cpython) ? cpython : null;
        return new PresetRow(preset, emulation, cpython, compared(preset.lesson().answer(), preset.name(),
                emulation == null ? null : emulation.figures(), cpython == null ? null : cpython.figures()));
    }

    /** The answer's figure first (unless it is wall time, which follows anyway), then wall and CPU time. */
    static List<FigurePair> compared(AnswerRule rule, String preset, MeasuredFigures emulation,
                                     MeasuredFigures cpython) {
        Optional<RunFigure> answers = RunFigure.readBy(rule, preset);
        List<FigurePair> pairs = new ArrayList<>();
        answers.filter(f -> f != RunFigure.WALL_TIME && f != RunFigure.CPU_TIME)
                .ifPresent(f -> pairs.add(FigurePair.of(f, emulation, cpython, true)));
        pairs.add(FigurePair.of(RunFigure.WALL_TIME, emulation, cpython, answers.equals(Optional.of(RunFigure.WALL_TIME))));
        pairs.add(FigurePair.of(RunFigure.CPU_TIME, emulation, cpython, false));
        return pairs;
    }

    /** The figure the lesson's answer reads from this preset; null when it reads another preset. */
    public FigurePair answerFigure() {
        return figures.stream().filter(FigurePair::answers).findFirst().orElse(null);
    }

    public FigurePair wallTime() {
        return figure(RunFigure.WALL_TIME);
    }

    public FigurePair cpuTime() {
        return figure(RunFigure.CPU_TIME);
    }

    private FigurePair figure(RunFigure figure) {
        return figures.stream().filter(p -> p.figure() == figure).findFirst().orElseThrow();
    }

    /** Whether both engines measured it: CPython's side may also be a build this server lacks. */
    public boolean measured() {
        return emulation != null && cpython != null;
    }

    /** Whether CPython could not run it here for want of a build (free-threaded, 3.14). */
    public boolean unavailable() {
        return cpython != null && !cpython.ran();
    }

    /**
     * Whether some figure differs by more than the tolerance. A run that failed is no failure of the check by
     * itself: a crash preset fails its run in an engine by design, and its answer reads the tasks it finished.
     */
    public boolean disagrees() {
        return figures.stream().anyMatch(FigurePair::disagrees);
    }

    /** The older of the two measurements; empty when either is missing. */
    public Optional<Instant> measuredAt() {
        if (!measured()) {
            return Optional.empty();
        }
        return Stream.of(emulation.measuredAt(), cpython.measuredAt()).min(Instant::compareTo);
    }
}
