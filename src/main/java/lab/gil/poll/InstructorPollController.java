package lab.gil.poll;

import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Classroom;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The instructor's side of a class's poll (under {@code /instructor/}, which only instructors reach). */
@Controller
class InstructorPollController {

    static final String INSTRUCTOR_POLL = "poll/partials :: instructor-poll";

    private final Polls polls;
    private final Classes classes;

    InstructorPollController(Polls polls, Classes classes) {
        this.polls = polls;
        this.classes = classes;
    }

    @GetMapping("/instructor/classes/{code}/poll")
    String showPoll(@PathVariable String code, Model model) {
        model.addAttribute("poll", polls.forInstructor(find(code)));
        return INSTRUCTOR_POLL;
    }

    /** Reveals the round beside what this instructor's runs of the lesson measured. */
    @PostMapping("/instructor/classes/{code}/poll/reveal")
    String revealPoll(@PathVariable String code, HttpSession session, Model model) {
        model.addAttribute("poll", polls.reveal(find(code), session));
        return INSTRUCTOR_POLL;
    }

    /** Opens a second vote; {@code round} is the round the page showed, so a double click opens one round, not two. */
    @PostMapping("/instructor/classes/{code}/poll/reset")
    String resetPoll(@PathVariable String code, @RequestParam int round, Model model) {
        model.addAttribute("poll", polls.reset(find(code), round));
        return INSTRUCTOR_POLL;
    }

    @GetMapping(path = "/instructor/classes/{code}/poll.csv")
    @ResponseBody
    ResponseEntity<String> exportPoll(@PathVariable String code) {
        Classroom classroom = find(code);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("gil-lab-poll-" + classroom.code() + ".csv").build().toString())
                .body(polls.csv(classroom));
    }

    private Classroom find(String code) {
        return classes.findOpen(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "There is no open class " + code + "."));
    }
}
