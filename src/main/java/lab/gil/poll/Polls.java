package lab.gil.poll;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.answer.page.ClassPredictions;
import lab.gil.answer.page.SessionAnswers;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Classroom;
import lab.gil.classroom.Membership;
import lab.gil.cpython.fidelity.CPythonAnswers;
import lab.gil.lesson.Lesson;
import lab.gil.lesson.LessonCatalog;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Predict, then reveal: a class's predictions for its lesson's question, collected as students make them, shown
 * to the instructor live, revealed to the class beside the measured answer, and reset for another vote. Every
 * change is stored first, then told to every server ({@link PollNews}).
 */
@Service
public class Polls {

    private final PollStore store;
    private final PollNews news;
    private final LessonCatalog lessons;
    private final Classes classes;
    private final SessionAnswers answers;
    private final CPythonAnswers cpythonAnswers;

    Polls(PollStore store, PollNews news, LessonCatalog lessons, Classes classes, SessionAnswers answers,
          CPythonAnswers cpythonAnswers) {
        this.store = store;
        this.news = news;
        this.lessons = lessons;
        this.classes = classes;
        this.answers = answers;
        this.cpythonAnswers = cpythonAnswers;
    }

    /**
     * Records a member's prediction in the class's current round, replacing the one they made before in it.
     *
     * @throws PredictionRefused 400 for a choice the lesson does not offer, 409 once the round is revealed
     */
    public Round predict(Membership membership, String choice) {
        Classroom classroom = membership.classroom();
        Lesson lesson = lessonOf(classroom);
        if (choice == null || !lesson.prediction().choices().contains(choice)) {
            throw new PredictionRefused(HttpStatus.BAD_REQUEST, "Choose one of the lesson's answers: “"
                    + String.join("”, “", lesson.prediction().choices()) + "”.");
        }
        Round round = store.currentRound(classroom.id(), classroom.lessonId());
        if (round.revealed()) {
            throw new PredictionRefused(HttpStatus.CONFLICT, "Your instructor has revealed this round's "
                    + "predictions: wait for a second vote to predict again.");
        }
        store.predict(round.id(), membership.member().id(), choice);
        tell(classroom, round);
        return round;
    }

    /** The poll as the member's page shows it when it loads: their prediction checked, the reveal if there is one. */
    public ClassPoll forMember(Membership membership) {
        Classroom classroom = membership.classroom();
        Round round = store.currentRound(classroom.id(), classroom.lessonId());
        return new ClassPoll(classroom.code(), round.number(),
                store.predictionOf(round.id(), membership.member().id()).orElse(null),
                round.revealed() ? reveal(classroom, round) : null);
    }

    /** What the member predicted in their class's current round; its choice is null while they have not. */
    public ClassPredictions.Prediction predictionOf(Membership membership) {
        Classroom classroom = membership.classroom();
        Round round = store.currentRound(classroom.id(), classroom.lessonId());
        return new ClassPredictions.Prediction(round.number(),
                store.predictionOf(round.id(), membership.member().id()).orElse(null));
    }

    /** The current round as the instructor sees it. */
    public InstructorPoll forInstructor(Classroom classroom) {
        Round round = store.currentRound(classroom.id(), classroom.lessonId());
        return view(classroom, round);
    }

    /** The current round once revealed, as students see it; empty while only the instructor may see it. */
    public Optional<Reveal> revealed(Classroom classroom) {
        Round round = store.currentRound(classroom.id(), classroom.lessonId());
        return round.revealed() ? Optional.of(reveal(classroom, round)) : Optional.empty();
    }

    /**
     * Reveals the current round beside what the instructor's runs of the lesson measured and what CPython's figures
     * kept on this server answer, each read by the lesson's own answer rule; revealing again reads the newest of both.
     */
    public InstructorPoll reveal(Classroom classroom, HttpSession instructorSession) {
        Lesson lesson = lessonOf(classroom);
        Round round = store.currentRound(classroom.id(), classroom.lessonId());
        Round revealed = store.reveal(round.id(), MeasuredAnswer.of(answers.of(lesson, instructorSession)),
                CPythonAnswer.of(cpythonAnswers.of(lesson)));
        tell(classroom, revealed);
        return view(classroom, revealed);
    }

    /** Closes the current round (kept for the export) and opens the next; {@code fromRound} guards a double click. */
    public InstructorPoll reset(Classroom classroom, int fromRound) {
        Round next = store.reset(classroom.id(), classroom.lessonId(), fromRound);
        tell(classroom, next);
        return view(classroom, next);
    }

    /** Every round of the class as CSV. */
    public String csv(Classroom classroom) {
        List<PollCsv.RoundResult> results = new ArrayList<>();
        for (Round round : store.rounds(classroom.id())) {
            results.add(new PollCsv.RoundResult(round, tally(classroom, round)));
        }
        return PollCsv.write(classroom.code(), results);
    }

    /** The poll's state now, for a page that connects to its stream. */
    PollNews.Message now(Classroom classroom) {
        return message(classroom, store.currentRound(classroom.id(), classroom.lessonId()));
    }

    private InstructorPoll view(Classroom classroom, Round round) {
        Tally tally = tally(classroom, round);
        return new InstructorPoll(classroom.code(), lessonOf(classroom).prediction().question(), round, tally,
                classes.members(classroom).size(), round.revealed() ? reveal(tally, round) : null);
    }

    private Reveal reveal(Classroom classroom, Round round) {
        return reveal(tally(classroom, round), round);
    }

    private static Reveal reveal(Tally tally, Round round) {
        return new Reveal(tally, round.measured(), round.cpython());
    }

    /** The round's votes per choice of the lesson, in its order; a vote for a choice the lesson dropped is left out. */
    private Tally tally(Classroom classroom, Round round) {
        Map<String, List<String>> names = new LinkedHashMap<>();
        lessonOf(classroom).prediction().choices().forEach(c -> names.put(c, new ArrayList<>()));
        for (PollStore.Vote vote : store.votes(round.id())) {
            List<String> chose = names.get(vote.choice());
            if (chose != null) {
                chose.add(vote.label());
            }
        }
        return new Tally(round.number(), names.entrySet().stream()
                .map(e -> new Tally.Count(e.getKey(), e.getValue())).toList());
    }

    private void tell(Classroom classroom, Round round) {
        news.publish(message(classroom, round));
    }

    private static PollNews.Message message(Classroom classroom, Round round) {
        return new PollNews.Message(classroom.code(), round.number(), round.revealed(),
                round.measured() == null ? null : round.measured().text(),
                round.cpython() == null ? null : round.cpython().text(false));
    }

    private Lesson lessonOf(Classroom classroom) {
        return lessons.find(classroom.lessonId()).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "The lesson \"" + classroom.lessonId() + "\" of class " + classroom.code() + " is gone."));
    }
}
