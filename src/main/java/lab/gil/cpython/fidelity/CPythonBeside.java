package lab.gil.cpython.fidelity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.cpython.CPythonEngine;
import lab.gil.cpython.PythonBuilds;
import lab.gil.cpython.PythonProgram;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.measure.RunEngine;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.web.RunResultModel;
import lab.gil.run.web.RunView;
import lab.gil.run.web.SessionRuns;
import org.springframework.stereotype.Component;

/**
 * Finds the other engine's figures for a finished run's knobs, for its result panel (model attribute
 * {@value #ATTRIBUTE}, shown by {@code templates/cpython/beside.html}). For a run in the emulation, CPython's side is the figure kept for its
 * preset on this server; nothing runs CPython for it, so a class pressing Run starts no CPython run. For a run in
 * CPython, the emulation's side is the session's own newest run of the same knobs, else the preset's kept figure.
 */
@Component
public class CPythonBeside implements RunResultModel {

    /** The result panel's model attribute: a {@link Beside}, absent when there is nothing to put beside the run. */
    static final String ATTRIBUTE = "cpythonBeside";

    private final RunService runs;
    private final LessonCatalog lessons;
    private final PresetMeasurements store;
    private final PythonBuilds builds;

    CPythonBeside(RunService runs, LessonCatalog lessons, PresetMeasurements store, PythonBuilds builds) {
        this.runs = runs;
        this.lessons = lessons;
        this.store = store;
        this.builds = builds;
    }

    @Override
    public void addTo(RunView run, HttpServletRequest request, Map<String, Object> model) {
        Beside beside = of(run.id(), request.getSession(false));
        if (beside != null) {
            model.put(ATTRIBUTE, beside);
        }
    }

    /**
     * The run's figures beside the other engine's, as {@code session} (null: none) sees them; null unless the run
     * has ended by itself (done or failed).
     */
    Beside of(String runId, HttpSession session) {
        Run run = runs.find(runId).orElse(null);
        if (run == null || !(run.state() == RunState.DONE || run.state() == RunState.FAILED)) {
            return null;
        }
        Lesson lesson = run.lessonId() == null ? null : lessons.find(run.lessonId()).orElse(null);
        LessonPreset preset = lesson == null ? null : LessonPreset.of(List.of(lesson)).stream()
                .filter(p -> p.scenario().key().equals(run.scenario().key())).findFirst().orElse(null);
        return CPythonEngine.ID.equals(run.engine()) ? besideCPython(run, lesson, preset, session)
                : besideEmulation(run, lesson, preset);
    }

    /** A run in the emulation, beside CPython's figure kept for its preset. */
    private Beside besideEmulation(Run run, Lesson lesson, LessonPreset preset) {
        Beside.Side emulation = new Beside.Side("this run", null, disturbed(run.summary()), failure(run));
        PresetMeasurement kept = preset == null ? null
                : store.find(preset.lessonId(), preset.name(), CPythonEngine.ID).filter(preset::current).orElse(null);
        if (kept != null && kept.ran()) {
            Beside.Side cpython = new Beside.Side("measured on this server on " + kept.measuredAtText(), kept.build(),
                    kept.busy(usableCores()), failure(kept));
            return new Beside(run.id(), RunEngine.EMULATION, preset.name(), emulation, cpython,
                    PresetRow.compared(lesson.answer(), preset.name(), figures(run), kept.figures()), null, false);
        }
        PythonBuilds.Choice choice = builds.choose(PythonProgram.needsOf(run.scenario(), builds.greenletLibrary()));
        String missing;
        if (!choice.found()) {
            missing = choice.whyNot();
        } else if (preset == null) {
            missing = "You changed the knobs, so no figure of CPython's is kept for them on this server.";
        } else {
            missing = "CPython has not measured this preset on this server yet.";
        }
        return new Beside(run.id(), RunEngine.EMULATION, preset == null ? null : preset.name(), emulation, null,
                List.of(), missing, choice.found());
    }

    /** A run in CPython, beside the session's newest emulation run of its knobs, else the preset's kept figure. */
    private Beside besideCPython(Run run, Lesson lesson, LessonPreset preset, HttpSession session) {
        String build = run.summary() == null ? null : "CPython " + run.summary().calibration().cpythonVersion();
        Beside.Side cpython = new Beside.Side("this run", build, MachineLoad.now() > PresetMeasurement.BUSY_LOAD_PER_CORE
                * usableCores(), failure(run));
        String presetName = preset == null ? null : preset.name();
        var rule = lesson == null ? null : lesson.answer();
        Optional<Run> own = sessionRunOfSameKnobs(run, session);
        if (own.isPresent()) {
            Beside.Side emulation = new Beside.Side("your run of these knobs", null,
                    disturbed(own.get().summary()), failure(own.get()));
            return new Beside(run.id(), CPythonEngine.ID, presetName, emulation, cpython,
                    PresetRow.compared(rule, presetName, figures(own.get()), figures(run)), null, false);
        }
        PresetMeasurement kept = preset == null ? null
                : store.find(preset.lessonId(), preset.name(), RunEngine.EMULATION).filter(preset::current).orElse(null);
        if (kept != null) {
            Beside.Side emulation = new Beside.Side("measured on this server on " + kept.measuredAtText(), null,
                    kept.busy(usableCores()), failure(kept));
            return new Beside(run.id(), CPythonEngine.ID, presetName, emulation, cpython,
                    PresetRow.compared(rule, presetName, kept.figures(), figures(run)), null, false);
        }
        return new Beside(run.id(), CPythonEngine.ID, presetName, null, cpython, List.of(),
                "No run of these knobs in the emulation is there to compare with: run them in the emulation too.",
                false);
    }

    /** The newest finished emulation run of the same knobs among the runs of the session asking, if any. */
    private Optional<Run> sessionRunOfSameKnobs(Run run, HttpSession session) {
        if (session == null) {
            return Optional.empty();
        }
        return SessionRuns.of(session).newestFirst().stream()
                .flatMap(id -> runs.find(id).stream())
                .filter(r -> RunEngine.EMULATION.equals(r.engine()) && r.scenario().key().equals(run.scenario().key()))
                .filter(r -> r.state() == RunState.DONE || r.state() == RunState.FAILED)
                .findFirst();
    }

    private static MeasuredFigures figures(Run run) {
        int tasksDone = run.progress() == null ? 0 : run.progress().tasksDone();
        return MeasuredFigures.of(run.summary(), tasksDone, run.scenario().tasks());
    }

    private static boolean disturbed(RunSummary s) {
        return s != null && s.otherWork() != null && s.otherWork().disturbed();
    }

    private static String failure(Run run) {
        return run.state() == RunState.FAILED ? run.message() : null;
    }

    private static String failure(PresetMeasurement m) {
        return PresetMeasurement.FAILED.equals(m.outcome()) ? m.message() : null;
    }

    private static int usableCores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
