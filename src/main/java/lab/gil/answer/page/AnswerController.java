package lab.gil.answer.page;

import jakarta.servlet.http.HttpSession;
import java.util.List;
import lab.gil.answer.RunsTable;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Answers a lesson's question from this browser session's runs of it: the verdict in a run's result, and all the
 * lesson's runs side by side under the bench.
 */
@Controller
class AnswerController {

    static final String LESSON_ANSWER = "answer/partials :: lesson-answer";
    static final String LESSON_RUNS = "answer/partials :: lesson-runs";

    private final LessonCatalog catalog;
    private final LessonRuns lessonRuns;

    AnswerController(LessonCatalog catalog, LessonRuns lessonRuns) {
        this.catalog = catalog;
        this.lessonRuns = lessonRuns;
    }

    @GetMapping("/lessons/{id}/answer")
    String showAnswer(@PathVariable String id, HttpSession session, Model model) {
        fill(id, session, model);
        return LESSON_ANSWER;
    }

    @GetMapping("/lessons/{id}/runs")
    String showLessonRuns(@PathVariable String id, HttpSession session, Model model) {
        fill(id, session, model);
        return LESSON_RUNS;
    }

    private void fill(String id, HttpSession session, Model model) {
        Lesson lesson = catalog.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no lesson \"" + id + "\"."));
        List<LessonRun> runs = lessonRuns.of(lesson, session);
        LessonAnswer answer = LessonAnswer.of(lesson.id(), lesson.answerRule().orElse(null), runs);
        model.addAttribute("answer", answer);
        model.addAttribute("runs", runs);
        model.addAttribute("columns", RunsTable.columns(lesson.table(), answer.rule()));
    }
}
