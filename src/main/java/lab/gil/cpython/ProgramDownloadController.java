package lab.gil.cpython;

import java.nio.charset.StandardCharsets;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Serves a run's scenario as the Python program GIL Lab runs in CPython, for a student to run at home: the same
 * program, written from the run's parsed scenario, titled after the lesson and preset when the knobs are a preset's.
 */
@Controller
class ProgramDownloadController {

    static final MediaType PYTHON = new MediaType("text", "x-python", StandardCharsets.UTF_8);

    private final RunService runs;
    private final LessonCatalog lessons;
    private final PythonBuilds builds;

    ProgramDownloadController(RunService runs, LessonCatalog lessons, PythonBuilds builds) {
        this.runs = runs;
        this.lessons = lessons;
        this.builds = builds;
    }

    @GetMapping("/runs/{id}/program.py")
    ResponseEntity<String> downloadProgram(@PathVariable String id) {
        Run run = runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No run " + id + " on this server."));
        PythonProgram program = PythonProgram.of(run.scenario(), builds.greenletLibrary(), title(run));
        return ResponseEntity.ok().contentType(PYTHON)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(program.fileName()).build().toString())
                .body(program.source());
    }

    /** "Race conditions: n += 1, GIL on" for a preset's knobs, "Race conditions: your own knobs" otherwise. */
    private String title(Run run) {
        if (run.lessonId() == null) {
            return "GIL Lab run " + run.id();
        }
        return lessons.find(run.lessonId()).map(lesson -> lesson.title() + ": " + presetName(lesson, run))
                .orElse("GIL Lab run " + run.id());
    }

    private static String presetName(Lesson lesson, Run run) {
        return PresetOf.find(lesson, run.scenario()).map(preset -> preset.name()).orElse("your own knobs");
    }
}
