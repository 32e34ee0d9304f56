package lab.gil.lesson;

import java.util.Map;
import lab.gil.cores.CoreSamplerProperties;
import lab.gil.machine.ServerMachine;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/** Shows the lesson list, a lesson page, and a preset's knobs as a fragment when a preset button is pressed. */
@Controller
class LessonController {

    static final String LESSON_LIST = "lesson/list";
    static final String LESSON_PAGE = "lesson/page";
    static final String KNOBS = "run/partials :: knobs";

    private final LessonCatalog catalog;
    /** How often the per-core chart on a lesson page gets a sample, and how much of the past it shows. */
    private final CoreSamplerProperties cores;
    /** The cores this server may use and what they can do, which the page states above the lesson. */
    private final ServerMachine machine;

    LessonController(LessonCatalog catalog, CoreSamplerProperties cores, ServerMachine machine) {
        this.catalog = catalog;
        this.cores = cores;
        this.machine = machine;
    }

    @GetMapping("/")
    String listLessons(Model model) {
        model.addAttribute("lessons", catalog.lessons());
        model.addAttribute("path", CorePath.of(catalog.lessons()));
        model.addAttribute("problems", catalog.problems());
        return LESSON_LIST;
    }

    @GetMapping("/lessons/{id}")
    String showLesson(@PathVariable String id, Model model) {
        Lesson lesson = find(id);
        model.addAttribute("lesson", lesson);
        model.addAttribute("knobs", lesson.presets().getFirst().scenario());
        model.addAttribute("cores", cores);
        model.addAttribute("machine", machine.facts());
        return LESSON_PAGE;
    }

    @GetMapping("/lessons/{id}/presets/{index}")
    String showPresetKnobs(@PathVariable String id, @PathVariable int index, Model model) {
        Lesson lesson = find(id);
        if (index < 0 || index >= lesson.presets().size()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "Lesson " + id + " has presets 0 to " + (lesson.presets().size() - 1) + ".");
        }
        Map<String, String> knobs = lesson.presets().get(index).scenario();
        model.addAttribute("knobs", knobs);
        return KNOBS;
    }

    private Lesson find(String id) {
        return catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no lesson \"" + id + "\"."));
    }
}
