package lab.gil.classroom;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.web.RunStarter;
import lab.gil.run.web.RunView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
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
    private final RunStarter starter;

    PresentController(Classes classes, LessonCatalog lessons, RunService runs, RunStarter starter) {
        this.classes = classes;
        this.lessons = lessons;
        this.runs = runs;
        this.starter = starter;
    }

    /**
     * Queues the preset as the instructor's run (an instructor's runs go first), through the same door as every
     * Run press, with the class's locked knobs in place of the preset's.
     */
    @PostMapping("/instructor/classes/{code}/present")
    String presentPreset(@PathVariable String code, @RequestParam int preset, Model model,
                         HttpServletRequest request) {
        Classroom classroom = find(code);
        Lesson lesson = lessons.find(classroom.lessonId()).orElseThrow(() -> new ResponseStatusException(
                HttpStatus.NOT_FOUND, "The class's lesson \"" + classroom.lessonId() + "\" is no longer loaded."));
        if (preset < 0 || preset >= lesson.presets().size()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Lesson " + lesson.id() + " has presets 0 to " + (lesson.presets().size() - 1) + ".");
        }
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        lesson.presets().get(preset).scenario().forEach(form::add);
        form.add("lessonId", lesson.id());
        RunStarter.Requester presenter = starter.requesterOf(request)
                .lockedAlso(MemberSeats.lockedKnobs(classroom.settings()));
        return switch (starter.start(request, presenter, form)) {
            case RunStarter.Outcome.Started(Run run) -> {
                classes.present(classroom, run.id());
                model.addAttribute("run", RunView.of(run, runs));
                yield RUN_STATUS;
            }
            // Presets are checked when lessons load; one refused here is refused with the class's knobs, or the
            // queue is full, or the instructor's own run is running.
            case RunStarter.Outcome.Refused(HttpStatus status, Map<String, String> errors) ->
                    throw new ResponseStatusException(status, String.join(" ", errors.values()));
        };
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
