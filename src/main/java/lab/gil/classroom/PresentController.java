package lab.gil.classroom;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.LinkedHashMap;
import java.util.Map;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.QueueFullException;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.SessionRuns;
import lab.gil.run.scenario.ScenarioParser;
import lab.gil.run.web.RunView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Presenting: the instructor runs one of the lesson's presets on the big screen, and every student page of the
 * class follows that run live, one run for the whole room instead of a queue of thirty. The run uses the class's
 * locked knobs, as the students' runs do.
 */
@Controller
class PresentController {

    static final String RUN_STATUS = "run/partials :: run-status";
    static final String IDLE = "classroom/partials :: present-idle";

    private final Classes classes;
    private final LessonCatalog lessons;
    private final RunService runs;

    PresentController(Classes classes, LessonCatalog lessons, RunService runs) {
        this.classes = classes;
        this.lessons = lessons;
        this.runs = runs;
    }

    @PostMapping("/instructor/classes/{code}/present")
    String presentPreset(@PathVariable String code, @RequestParam int preset, Model model, HttpSession session,
                         HttpServletResponse response) {
        Classroom classroom = find(code);
        Lesson lesson = lessons.find(classroom.lessonId()).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "The class's lesson \"" + classroom.lessonId() + "\" is no longer loaded."));
        if (preset < 0 || preset >= lesson.presets().size()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Lesson " + lesson.id() + " has presets 0 to " + (lesson.presets().size() - 1) + ".");
        }
        Map<String, String> knobs = new LinkedHashMap<>(lesson.presets().get(preset).scenario());
        knobs.putAll(ClassKnobLocks.knobs(classroom.settings()));
        if (!(ScenarioParser.parse(knobs) instanceof ScenarioParser.Result.Valid(var scenario))) {
            // Presets are checked when lessons load; one that fails here fails with the class's knobs.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "This preset cannot run with the class's knobs.");
        }
        try {
            Run run = runs.submit(scenario, lesson.id(), null);
            SessionRuns.record(session, run.id());
            classes.present(classroom, run.id());
            model.addAttribute("run", RunView.of(run, runs));
            return RUN_STATUS;
        } catch (QueueFullException e) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    /** Stops presenting: student pages keep what they show, and follow nothing new. */
    @PostMapping("/instructor/classes/{code}/present/stop")
    String stopPresenting(@PathVariable String code) {
        classes.present(find(code), null);
        return IDLE;
    }

    private Classroom find(String code) {
        return classes.findOpen(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no open class " + code + "."));
    }
}
