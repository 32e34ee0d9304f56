package lab.gil.cpython.fidelity;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import lab.gil.cpython.Needs;
import lab.gil.cpython.PythonBuilds;
import lab.gil.lesson.LessonCatalog;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The instructor's fidelity page: every preset of every lesson with the emulation's figures and CPython's on this
 * server, the check that re-measures them all, and the table as CSV.
 */
@Controller
class FidelityController {

    static final String PAGE = "cpython/fidelity";
    static final String TABLE = "cpython/fidelity-parts :: fidelity-table";
    static final String PROGRESS = "cpython/fidelity-parts :: fidelity-progress";
    /** Told to the page (HX-Trigger) when the check is no longer running, so that the table is fetched again. */
    static final String CHECKED_EVENT = "fidelity-checked";
    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private final LessonCatalog lessons;
    private final PresetMeasurements store;
    private final FidelityCheck check;
    private final PythonBuilds builds;

    FidelityController(LessonCatalog lessons, PresetMeasurements store, FidelityCheck check, PythonBuilds builds) {
        this.lessons = lessons;
        this.store = store;
        this.check = check;
        this.builds = builds;
    }

    @GetMapping("/instructor/fidelity")
    String showFidelity(Model model) {
        model.addAttribute("progress", check.progress());
        // Without the configured CPython, the check measures the emulation only: the page says so first.
        model.addAttribute("noCPython", builds.choose(Needs.ANY_CPYTHON).whyNot());
        addTable(model);
        return PAGE;
    }

    @GetMapping("/instructor/fidelity/table")
    String showFidelityTable(Model model) {
        addTable(model);
        return TABLE;
    }

    @GetMapping("/instructor/fidelity/progress")
    String showCheckProgress(Model model, HttpServletResponse response) {
        FidelityCheck.Progress progress = check.progress();
        if (!progress.running()) {
            response.setHeader("HX-Trigger", CHECKED_EVENT);
        }
        model.addAttribute("progress", progress);
        return PROGRESS;
    }

    /** Starts the check of every preset (a check already running goes on); a plain form post comes back to the page. */
    @PostMapping("/instructor/fidelity/check")
    String startCheck(Model model, @RequestHeader(name = "HX-Request", required = false) String htmx) {
        check.start(LessonPreset.of(lessons.lessons()));
        if (htmx == null) {
            return "redirect:/instructor/fidelity";
        }
        model.addAttribute("progress", check.progress());
        return PROGRESS;
    }

    @GetMapping("/instructor/fidelity.csv")
    ResponseEntity<String> exportFidelity() {
        String csv = FidelityReport.csv(table(), usableCores());
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename("gil-lab-fidelity.csv").build().toString())
                .body(csv);
    }

    private void addTable(Model model) {
        model.addAttribute("table", table());
        model.addAttribute("cores", usableCores());
        model.addAttribute("serverStarted", ServerStart.instant());
    }

    private FidelityTable table() {
        return FidelityTable.of(lessons.lessons(), store.all());
    }

    private static int usableCores() {
        return Runtime.getRuntime().availableProcessors();
    }
}
