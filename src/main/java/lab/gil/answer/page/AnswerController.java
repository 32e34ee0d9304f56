package lab.gil.answer.page;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.answer.RunsTable;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.web.RunPagePart;
import lab.gil.run.web.RunResultModel;
import lab.gil.run.web.RunView;
import lab.gil.run.web.SessionRuns;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a lesson's question from this browser session's runs of it: the verdict in a finished run's result, and
 * all the lesson's runs side by side under the bench. Both come with the finished run's own result
 * ({@link RunResultModel}, {@link RunPagePart} {@value #LESSON_RUNS_ID}); the page asks for the runs table alone
 * only when it loads. In a class on the lesson, the prediction the runs are weighed against is the student's in the
 * class's poll, and the answer alone is asked for again whenever they pick another choice there.
 */
@Controller
class AnswerController implements RunResultModel, RunPagePart {

    static final String LESSON_ANSWER = "answer/partials :: lesson-answer";
    static final String LESSON_RUNS = "answer/partials :: lesson-runs";
    static final String LESSON_RUNS_ID = "lesson-runs";

    private final LessonCatalog catalog;
    private final LessonRuns lessonRuns;
    /** Absent in a web slice without classes: then nobody is in a class. */
    private final ObjectProvider<ClassPredictions> classPredictions;

    AnswerController(LessonCatalog catalog, LessonRuns lessonRuns, ObjectProvider<ClassPredictions> classPredictions) {
        this.catalog = catalog;
        this.lessonRuns = lessonRuns;
        this.classPredictions = classPredictions;
    }

    /** The answer alone, for a class member whose poll prediction changed under a finished run. */
    @GetMapping("/lessons/{id}/answer")
    String showAnswer(@PathVariable String id, HttpServletRequest request, Model model) {
        model.addAllAttributes(lessonRunsModel(lesson(id), request));
        return LESSON_ANSWER;
    }

    @GetMapping("/lessons/{id}/runs")
    String showLessonRuns(@PathVariable String id, HttpServletRequest request, Model model) {
        model.addAllAttributes(lessonRunsModel(lesson(id), request));
        return LESSON_RUNS;
    }

    /** The lesson's answer in a finished run's result, when the run is of a lesson. */
    @Override
    public void addTo(RunView run, HttpServletRequest request, Map<String, Object> model) {
        lessonOf(run).ifPresent(lesson -> model.put("answer", lessonRunsModel(lesson, request).get("answer")));
    }

    @Override
    public String elementId() {
        return LESSON_RUNS_ID;
    }

    /**
     * The lesson's runs table with the run that just ended; a run of no lesson, or of another session (a run an
     * instructor presents), leaves the table as it is.
     */
    @Override
    public Optional<ModelAndView> render(RunView run, HttpServletRequest request) {
        if (!SessionRuns.of(request.getSession()).contains(run.id())) {
            return Optional.empty();
        }
        return lessonOf(run).map(lesson -> {
            Map<String, Object> model = lessonRunsModel(lesson, request);
            model.put(OUT_OF_BAND, true);
            return new ModelAndView(LESSON_RUNS, model);
        });
    }

    private Lesson lesson(String id) {
        return catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no lesson \"" + id + "\"."));
    }

    private Optional<Lesson> lessonOf(RunView run) {
        return Optional.ofNullable(run.lessonId()).flatMap(catalog::find);
    }

    private Map<String, Object> lessonRunsModel(Lesson lesson, HttpServletRequest request) {
        HttpSession session = request.getSession();
        List<LessonRun> runs = lessonRuns.of(lesson, session);
        Optional<ClassPredictions.Prediction> inClass = Optional.ofNullable(classPredictions.getIfAvailable())
                .flatMap(classes -> classes.of(lesson.id(), request));
        LessonAnswer answer = LessonAnswer.of(lesson.id(), lesson.answerRule().orElse(null), runs, inClass);
        Map<String, Object> model = new HashMap<>();
        model.put("answer", answer);
        model.put("runs", runs);
        model.put("columns", RunsTable.columns(lesson.table(), answer.rule()));
        return model;
    }
}
