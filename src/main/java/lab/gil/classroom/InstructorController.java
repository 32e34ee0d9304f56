package lab.gil.classroom;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.cores.CoreSamplerProperties;
import lab.gil.interpreter.GilMode;
import lab.gil.lesson.CorePath;
import lab.gil.lesson.LessonCatalog;
import lab.gil.scenario.ScenarioLimits;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The instructor's side of a class (everything under {@code /instructor/}, which only instructors may reach): open a
 * class, put its code and QR code on the projector, watch who is connected, and set the class's GIL knobs.
 */
@Controller
class InstructorController {

    static final String CLASSES_PAGE = "classroom/classes";
    static final String CONSOLE_PAGE = "classroom/console";
    static final String MEMBERS = "classroom/partials :: members";
    static final String SETTINGS = "classroom/partials :: class-settings";

    private final Classes classes;
    private final ClassChannels channels;
    private final Presence presence;
    private final LessonCatalog lessons;
    /** The per-core chart's sampling, for the presented run's charts. */
    private final CoreSamplerProperties cores;

    InstructorController(Classes classes, ClassChannels channels, Presence presence, LessonCatalog lessons,
                         CoreSamplerProperties cores) {
        this.classes = classes;
        this.channels = channels;
        this.presence = presence;
        this.lessons = lessons;
        this.cores = cores;
    }

    @GetMapping("/instructor/classes")
    String showClasses(Model model) {
        model.addAttribute("classes", classes.openClasses());
        model.addAttribute("path", CorePath.of(lessons.lessons()));
        return CLASSES_PAGE;
    }

    @PostMapping("/instructor/classes")
    String openClass(@RequestParam(defaultValue = "") String lessonId, Principal principal) {
        try {
            Classroom opened = classes.open(lessonId, principal == null ? "instructor" : principal.getName());
            return "redirect:/instructor/classes/" + opened.code();
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    @GetMapping("/instructor/classes/{code}")
    String showConsole(@PathVariable String code, Model model) {
        Classroom classroom = find(code);
        model.addAttribute("classroom", classroom);
        model.addAttribute("lesson", lessons.find(classroom.lessonId()).orElse(null));
        model.addAttribute("joinUrl", joinUrl(classroom));
        model.addAttribute("errors", Map.of());
        model.addAttribute("cores", cores);
        return CONSOLE_PAGE;
    }

    /** The join URL as a QR code for the projector; it changes only with the class, so browsers may keep it. */
    @GetMapping(path = "/instructor/classes/{code}/qr.svg", produces = "image/svg+xml")
    @ResponseBody
    ResponseEntity<String> showQrCode(@PathVariable String code) {
        return ResponseEntity.ok().cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .body(QrCodes.svg(joinUrl(find(code))));
    }

    @GetMapping("/instructor/classes/{code}/members")
    String showMembers(@PathVariable String code, Model model) {
        Classroom classroom = find(code);
        List<Member> members = classes.members(classroom);
        model.addAttribute("classroom", classroom);
        model.addAttribute("members", members);
        model.addAttribute("connected", presence.connected(classroom));
        return MEMBERS;
    }

    /** Locks the class's GIL knobs to these values: every member's page shows them, every member's run uses them. */
    @PostMapping("/instructor/classes/{code}/settings")
    String lockSettings(@PathVariable String code, @RequestParam(defaultValue = "") String gil,
                        @RequestParam(defaultValue = "") String switchInterval, Model model,
                        HttpServletResponse response) {
        Classroom classroom = find(code);
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<GilMode> mode = ClassSettings.parseGil(gil);
        if (mode.isEmpty()) {
            errors.put("gil", "Choose gil, free-threaded or per-interpreter.");
        }
        Optional<Duration> interval = ClassSettings.parseSwitchIntervalMillis(switchInterval);
        if (interval.isEmpty()) {
            errors.put("switchInterval", "Enter a switch interval in milliseconds from "
                    + ScenarioLimits.MIN_SWITCH_INTERVAL_MS + " to "
                    + ScenarioLimits.MAX_SWITCH_INTERVAL_MS + ".");
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("classroom", classroom);
            model.addAttribute("errors", errors);
            return SETTINGS;
        }
        model.addAttribute("classroom", classes.changeSettings(classroom, true, mode.get(), interval.get()));
        model.addAttribute("errors", Map.of());
        return SETTINGS;
    }

    /** Hands the knobs back to the students; the values stay in the form for the next time. */
    @PostMapping("/instructor/classes/{code}/settings/unlock")
    String unlockSettings(@PathVariable String code, Model model) {
        Classroom classroom = find(code);
        ClassSettings s = classroom.settings();
        model.addAttribute("classroom", classes.changeSettings(classroom, false, s.gil(), s.switchInterval()));
        model.addAttribute("errors", Map.of());
        return SETTINGS;
    }

    @PostMapping("/instructor/classes/{code}/close")
    String closeClass(@PathVariable String code) {
        classes.close(find(code));
        return "redirect:/instructor/classes";
    }

    private Classroom find(String code) {
        return classes.findOpen(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no open class " + code + "."));
    }

    /** The address students scan: this server as the instructor's browser reached it. */
    private static String joinUrl(Classroom classroom) {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path(classroom.joinPath()).toUriString();
    }
}
