package lab.gil.answer.page;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Optional;
import lab.gil.answer.RunsTable;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Answers a lesson's question from this browser session's runs of it: the verdict in a run's result, and all the
 * lesson's runs side by side under the bench. In a class on the lesson, the prediction it is weighed against is the
 * student's in the class's poll.
 */
@Controller
class AnswerController {

    static final String LESSON_ANSWER = "answer/partials :: lesson-answer";
    static final String LESSON_RUNS = "answer/partials :: lesson-runs";

    private final LessonCatalog catalog;
    private final LessonRuns lessonRuns;
    /** Absent in a web slice without classes: then nobody is in a class. */
    private final ObjectProvider<ClassPredictions> classPredictions;

    AnswerController(LessonCatalog catalog, LessonRuns lessonRuns, ObjectProvider<ClassPredictions> classPredictions) {
        this.catalog = catalog;
        this.lessonRuns = lessonRuns;
        this.classPredictions = classPredictions;
    }

    @GetMapping("/lessons/{id}/answer")
    String showAnswer(@PathVariable String id, HttpServletRequest request, Model model) {
        fill(id, request, model);
        return LESSON_ANSWER;
    }

    @GetMapping("/lessons/{id}/runs")
    String showLessonRuns(@PathVariable String id, HttpServletRequest request, Model model) {
        fill(id, request, model);
        return LESSON_RUNS;
    }

    private void fill(String id, HttpServletRequest request, Model model) {
        Lesson lesson = catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no lesson \"" + id + "\"."));
        HttpSession session = request.getSession();
        List<LessonRun> runs = lessonRuns.of(lesson, session);
        Optional<ClassPredictions.Prediction> inClass = Optional.ofNullable(classPredictions.getIfAvailable())
                .flatMap(classes -> classes.of(lesson.id(), request));
        LessonAnswer answer = LessonAnswer.of(lesson.id(), lesson.answerRule().orElse(null), runs, inClass);
        model.addAttribute("answer", answer);
        model.addAttribute("runs", runs);
        model.addAttribute("columns", RunsTable.columns(lesson.table(), answer.rule()));
    }
}
