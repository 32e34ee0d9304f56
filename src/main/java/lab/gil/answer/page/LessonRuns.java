package lab.gil.answer.page;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import lab.gil.answer.RunFigures;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.Preset;
import lab.gil.run.RunService;
import lab.gil.run.web.RunView;
import lab.gil.run.web.SessionRuns;
import lab.gil.scenario.ScenarioParser;
import org.springframework.stereotype.Component;

/**
 * The runs this browser session made on one lesson's page, newest first, each matched with the preset it ran.
 * A run ran a preset when its scenario is the preset's, knob for knob: a student who changed a knob ran their
 * own experiment, which answers nothing.
 */
@Component
class LessonRuns {

    private final RunService runs;

    LessonRuns(RunService runs) {
        this.runs = runs;
    }

    List<LessonRun> of(Lesson lesson, HttpSession session) {
        Map<String, String> presetByScenario = presetsByScenario(lesson);
        return SessionRuns.of(session).newestFirst().stream()
                .flatMap(id -> runs.find(id).stream())
                .filter(run -> lesson.id().equals(run.lessonId()))
                .map(run -> {
                    RunView view = RunView.of(run, runs);
                    return new LessonRun(view, presetByScenario.get(run.scenario().key()), RunFiguresOf.of(view));
                })
                .toList();
    }

    /** Each preset's scenario, as the run engine names it, to its preset's name. */
    private static Map<String, String> presetsByScenario(Lesson lesson) {
        Map<String, String> byScenario = new LinkedHashMap<>();
        for (Preset preset : lesson.presets()) {
            String key = switch (ScenarioParser.parse(preset.scenario())) {
                case ScenarioParser.Result.Valid(var scenario) -> scenario.key();
                case ScenarioParser.Result.Invalid invalid -> null; // reported when the lesson loaded
            };
            if (key != null) {
                byScenario.putIfAbsent(key, preset.name());
            }
        }
        return byScenario;
    }

    /** Each preset's finished runs, newest first, as an answer rule reads them. */
    static Map<String, List<RunFigures>> byPreset(List<LessonRun> lessonRuns) {
        Map<String, List<RunFigures>> byPreset = new LinkedHashMap<>();
        lessonRuns.stream().filter(r -> r.preset() != null).forEach(r ->
                byPreset.computeIfAbsent(r.preset(), p -> new ArrayList<>()).add(r.figures()));
        return byPreset;
    }

    /** The newest prediction made on this lesson's page, or null. */
    static String latestPrediction(List<LessonRun> lessonRuns) {
        return lessonRuns.stream().map(r -> r.view().prediction()).filter(Objects::nonNull).findFirst().orElse(null);
    }
}
