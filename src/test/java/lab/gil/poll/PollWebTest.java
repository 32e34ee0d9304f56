package lab.gil.poll;

import static lab.gil.security.TestInstructor.instructor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import jakarta.servlet.http.Cookie;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.gil.classroom.Classes;
import lab.gil.classroom.Classroom;
import lab.gil.cpython.fidelity.KeptCPythonFigures;
import lab.gil.run.RunService;
import lab.gil.run.RunWatcher;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Predict, then reveal, through the app's own requests: students' predictions are checked and kept one per member
 * per round, only the instructor sees them before the reveal, which says what CPython measured on this server too, a
 * reset opens a second vote and keeps the first, and the export has every round.
 */
@SpringBootTest(properties = {"server.address=127.0.0.1", TestInstructor.HASH_PROPERTY})
@AutoConfigureMockMvc
class PollWebTest {

    private static final String LESSON = "cores-and-threads";
    private static final String HALF = "About half the time";
    private static final String SAME = "About the same time";
    private static final String LONGER = "Longer";
    private static final String MEASURING_PRESET = "Two threads";
    /** A run of lesson 1's "Two threads" with its baseline; generous for a busy machine. */
    private static final long RUN_TIMEOUT_SECONDS = 120;

    @Autowired
    MockMvcTester mvc;
    @Autowired
    Classes classes;
    @Autowired
    RunService runs;
    @Autowired
    ApplicationContext app;

    Classroom classroom;
    /**
     * The instructor's browser session: its cookie, as a browser sends it. Sessions live in the database (Spring
     * Session), found by this cookie; MockMvc's own session object would not reach them.
     */
    Cookie instructor;

    @BeforeEach
    void openClass() {
        classroom = classes.open(LESSON, "teacher");
        instructor = mvc.get().uri("/").exchange().getResponse().getCookie("SESSION");
        assertThat(instructor).as("a page gives the browser a session").isNotNull();
    }

    /** The context's database outlives this test class: CPython's figures kept by one test are not the next's. */
    @AfterEach
    void forgetCPythonsFigures() {
        KeptCPythonFigures.in(app).forget(LESSON);
    }

    /** Keeps a CPython figure of the lesson's measuring preset, as the fidelity page's re-measuring would. */
    private void cpythonMeasured(double speedup, Instant at) {
        KeptCPythonFigures.in(app).save(LESSON, MEASURING_PRESET, speedup, at);
    }

    /** The histogram row of {@code choice} in a poll fragment. */
    private static String row(String html, String choice) {
        Matcher row = Pattern.compile("(?s)<li[^>]*data-choice=\"" + Pattern.quote(choice) + "\"[^>]*>.*?</li>")
                .matcher(html);
        assertThat(row.find()).as("a row for " + choice).isTrue();
        return row.group();
    }

    /** Joins the class under {@code name} and returns the member cookie the browser would keep. */
    private Cookie join(String name) {
        MvcTestResult joined = mvc.post().uri("/join").with(csrf()).param("code", classroom.code())
                .param("displayName", name).exchange();
        assertThat(joined).hasStatus3xxRedirection();
        return joined.getResponse().getCookie("gil-lab-member");
    }

    private MvcTestResult predict(Cookie member, String choice) {
        return mvc.post().uri("/classes/{code}/predictions", classroom.code()).with(csrf()).cookie(member)
                .header("HX-Request", "true").param("prediction", choice).exchange();
    }

    private MvcTestResult instructorGet(String path) {
        return mvc.get().uri("/instructor/classes/{code}" + path, classroom.code()).cookie(instructor)
                .with(instructor()).exchange();
    }

    private MvcTestResult instructorPost(String path, String... params) {
        var request = mvc.post().uri("/instructor/classes/{code}" + path, classroom.code()).cookie(instructor)
                .with(instructor()).with(csrf()).header("HX-Request", "true");
        for (int i = 0; i < params.length; i += 2) {
            request = request.param(params[i], params[i + 1]);
        }
        return request.exchange();
    }


    @Autowired
    Polls polls;

    private List<Integer> votes() {
        return polls.forInstructor(classroom).tally().counts().stream().map(Tally.Count::votes).toList();
    }

    @Test
    void eachMemberHasOnePredictionPerRoundAndAChangedMindReplacesIt() {
        Cookie ada = join("Ada");
        Cookie grace = join("Grace");
        Cookie alan = join("Alan");
        assertThat(predict(ada, HALF)).hasStatusOk().bodyText().contains("Your prediction").contains(HALF);
        assertThat(predict(grace, HALF)).hasStatusOk();
        assertThat(predict(alan, SAME)).hasStatusOk();
        assertThat(votes()).containsExactly(2, 1, 0, 0);

        assertThat(predict(alan, HALF)).hasStatusOk();
        assertThat(votes()).as("Alan changed his mind: still three predictions").containsExactly(3, 0, 0, 0);

        MvcTestResult poll = instructorGet("/poll");
        assertThat(poll).hasStatusOk().bodyText().contains("<strong>3</strong> of\n").contains("Ada, Grace, Alan")
                .contains("Hidden from students until you reveal it.");
        assertThat(mvc.get().uri("/lessons/" + LESSON).cookie(alan).exchange()).bodyText()
                .as("the page of a member who reloads shows their prediction checked")
                .containsPattern("value=\"" + HALF + "\"\\s+checked");
    }

    @Test
    void eachChoicesBarIsAMeterOfItsShareOfTheVotesWithNoStyleAttributeThePolicyWouldBlock() throws Exception {
        Cookie ada = join("Ada");
        Cookie grace = join("Grace");
        Cookie alan = join("Alan");
        assertThat(instructorGet("/poll")).bodyText().as("before anyone voted: empty bars, a valid meter")
                .contains("<meter class=\"histogram-bar\" aria-hidden=\"true\" min=\"0\" max=\"1\" value=\"0\">0 of 0</meter>");
        predict(ada, HALF);
        predict(grace, HALF);
        predict(alan, SAME);

        String histogram = instructorGet("/poll").getResponse().getContentAsString();
        assertThat(histogram)
                .contains("max=\"3\" value=\"2\">2 of 3</meter>")
                .contains("max=\"3\" value=\"1\">1 of 3</meter>")
                .contains("max=\"3\" value=\"0\">0 of 3</meter>")
                .doesNotContain("style=");
    }

    @Test
    void aMembersAnswerWeighsThePredictionTheyMadeInTheClassPollEvenWithoutARunOfTheirOwn() throws Exception {
        Cookie ada = join("Ada");
        assertThat(answerOf(ada, LESSON)).as("before predicting")
                .contains("You have not predicted in this round of the class&#39;s poll");
        MvcTestResult made = predict(ada, HALF);
        assertThat(made).as("the page's answer asks again").hasHeader("HX-Trigger", PollController.PREDICTION_CHANGED);
        assertThat(answerOf(ada, LESSON)).contains("You predicted <em>" + HALF + "</em> in the class's poll.")
                .as("the run on screen may be the instructor's").contains("To answer the question with your own runs, run")
                .contains("data-prediction=\"" + HALF + "\"").contains("hx-trigger=\"prediction-changed from:body\"");
        predict(ada, SAME);
        assertThat(answerOf(ada, LESSON)).as("a changed mind").contains("You predicted <em>" + SAME + "</em>");

        instructorPost("/poll/reset", "round", "1");
        assertThat(answerOf(ada, LESSON)).as("a second vote, not yet predicted in")
                .contains("You have not predicted in this round").doesNotContain(SAME);
        assertThat(answerOf(ada, "cpu-bound-threads-and-the-gil")).as("another lesson: the class's poll is not its")
                .contains("You made no prediction on this page.").doesNotContain("hx-trigger");
        assertThat(mvc.get().uri("/lessons/{id}/answer", LESSON).cookie(instructor).with(instructor()).exchange())
                .as("the instructor presents, and is not told of a prediction nobody asked for").hasStatusOk()
                .bodyText().contains("Your answer").doesNotContain("prediction");
    }

    @Test
    void aRefusedChoiceIsAnsweredWithTheChoiceThePollStillHolds() {
        Cookie ada = join("Ada");
        predict(ada, HALF);
        instructorPost("/poll/reveal");
        assertThat(predict(ada, SAME)).hasStatus(409).bodyText().contains("data-choice=\"" + HALF + "\"")
                .doesNotContain("Your prediction");
        Cookie late = join("Late");
        assertThat(predict(late, SAME)).as("none held").hasStatus(409).bodyText().doesNotContain("data-choice");
    }

    @Test
    void aMembersPageOfAnotherLessonHasNoClassPoll() {
        Cookie ada = join("Ada");
        assertThat(mvc.get().uri("/lessons/" + LESSON).cookie(ada).exchange()).bodyText().contains("id=\"class-poll-box\"");
        assertThat(mvc.get().uri("/lessons/cpu-bound-threads-and-the-gil").cookie(ada).exchange()).bodyText()
                .doesNotContain("class-poll-box").doesNotContain("/predictions");
    }

    private String answerOf(Cookie member, String lesson) throws Exception {
        MvcTestResult answer = mvc.get().uri("/lessons/{id}/answer", lesson).cookie(member).header("HX-Request", "true")
                .exchange();
        assertThat(answer).hasStatusOk();
        return answer.getResponse().getContentAsString().replaceAll("\\s+", " ");
    }

    @Test
    void aChoiceTheLessonDoesNotOfferIsRefusedWithTheChoicesItDoes() {
        Cookie ada = join("Ada");
        MvcTestResult made = predict(ada, "Instantly");
        assertThat(made).hasStatus(400).bodyText().contains("Choose one of the lesson&#39;s answers: “About half the time”");
        assertThat(predict(ada, "x".repeat(100_000))).hasStatus(400);
        assertThat(predict(ada, "")).hasStatus(400);
        assertThat(votes()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void onlyTheInstructorSeesThePollBeforeItIsRevealed() {
        Cookie ada = join("Ada");
        predict(ada, HALF);
        assertThat(mvc.get().uri("/classes/{code}/poll", classroom.code()).cookie(ada).exchange())
                .hasStatus(403);
        assertThat(mvc.get().uri("/classes/{code}/poll", classroom.code()).exchange())
                .as("a browser in no class").hasStatus(403);
        Classroom other = classes.open(LESSON, "teacher");
        Cookie stranger = mvc.post().uri("/join").with(csrf()).param("code", other.code()).exchange().getResponse()
                .getCookie("gil-lab-member");
        assertThat(mvc.get().uri("/classes/{code}/poll", classroom.code()).cookie(stranger).exchange())
                .as("a member of another class").hasStatus(403);
        assertThat(mvc.post().uri("/classes/{code}/predictions", classroom.code()).with(csrf()).cookie(stranger)
                .param("prediction", HALF).exchange()).as("nor predict in it").hasStatus(403);
        assertThat(mvc.get().uri("/instructor/classes/{code}/poll", classroom.code()).cookie(ada).exchange())
                .as("a student asking for the instructor's poll is sent to sign in").hasStatus3xxRedirection();
        assertThat(mvc.post().uri("/instructor/classes/{code}/poll/reveal", classroom.code()).cookie(ada)
                .with(csrf()).exchange()).as("nor may they reveal it").hasStatus3xxRedirection();
        assertThat(mvc.post().uri("/instructor/classes/{code}/poll/reveal", classroom.code()).cookie(instructor)
                .with(instructor()).exchange()).as("an instructor's post without a CSRF token").hasStatus(403);
        assertThat(predict(ada, HALF)).as("still hidden").hasStatusOk();

        assertThat(instructorPost("/poll/reveal")).hasStatusOk().bodyText()
                .contains("100% predicted “About half the time”; not measured yet: run “Two threads” first; CPython has "
                        + "not yet run “Two threads” on this server: “Re-measure every preset” on the fidelity page "
                        + "(/instructor/fidelity).");
        MvcTestResult revealed = mvc.get().uri("/classes/{code}/poll", classroom.code()).cookie(ada).exchange();
        assertThat(revealed).hasStatusOk().bodyText().contains("The class predicted")
                .contains("100% predicted “About half the time”").doesNotContain("Ada");
        assertThat(predict(ada, SAME)).as("the answer is out: no more predictions in this round").hasStatus(409)
                .bodyText().contains("wait for a second vote");
    }

    @Test
    void theRevealSaysWhatTheInstructorsRunMeasuredByTheLessonsRule() throws Exception {
        Cookie ada = join("Ada");
        Cookie grace = join("Grace");
        predict(ada, HALF);
        predict(grace, LONGER);
        MvcTestResult started = mvc.post().uri("/runs").cookie(instructor).with(instructor()).with(csrf())
                .header("HX-Request", "true")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("executor=threads&workers=2&tasks=2&programs=cpu+20000000&split=true&gil=free-threaded"
                        + "&switchInterval=5&lessonId=" + LESSON)
                .exchange();
        String runId = started.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        assertThat(RunWatcher.watch(runs.find(runId).orElseThrow()).awaitEnd(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isTrue();

        String body = instructorPost("/poll/reveal").getResponse().getContentAsString();
        Reveal reveal = polls.revealed(classroom).orElseThrow();
        assertThat(reveal.measured().kind()).isIn("supported", "uncovered");
        assertThat(reveal.measured().figure()).matches("[0-9.]+×");
        assertThat(reveal.sentence()).startsWith("50% predicted “About half the time”; measured "
                + reveal.measured().figure());
        assertThat(body).contains(reveal.sentence());
    }

    @Test
    void theRevealSaysWhatCPythonMeasuredOnThisServerMarksItsBarAndRevealingAgainReadsItsNewestFigure()
            throws Exception {
        cpythonMeasured(0.98, Instant.parse("2026-12-06T12:04:00Z"));
        Cookie ada = join("Ada");
        predict(ada, HALF);

        String revealed = instructorPost("/poll/reveal").getResponse().getContentAsString();
        assertThat(revealed).contains("100% predicted “About half the time”; not measured yet: run “Two threads” "
                + "first; CPython 3.11.7 on this server measured 0.98×: “About the same time” (2026-12-06 12:04 UTC).");
        assertThat(row(revealed, SAME)).contains("✓ what CPython measured").contains("cpython-measured");
        assertThat(row(revealed, HALF)).doesNotContain("✓");
        String student = mvc.get().uri("/classes/{code}/poll", classroom.code()).cookie(ada).exchange().getResponse()
                .getContentAsString();
        assertThat(student).as("the class sees CPython's figure too")
                .contains("CPython 3.11.7 on this server measured 0.98×: “About the same time” (2026-12-06 12:04 UTC).");
        assertThat(row(student, SAME)).contains("✓ what CPython measured");

        cpythonMeasured(1.9, Instant.parse("2026-12-06T13:30:00Z"));
        String again = instructorPost("/poll/reveal").getResponse().getContentAsString();
        assertThat(again).as("revealed again: CPython's newest figure")
                .contains("CPython 3.11.7 on this server measured 1.90×: “About half the time” (2026-12-06 13:30 UTC).")
                .doesNotContain("0.98×");
        assertThat(row(again, HALF)).contains("✓ what CPython measured");
        assertThat(row(again, SAME)).doesNotContain("✓");
        assertThat(instructorGet("/poll.csv")).bodyText().contains(
                ",About half the time,1,100,,,false,1.90×,About half the time,true,2026-12-06T13:30Z,CPython 3.11.7,Ada\r\n");
    }

    @Test
    void aResetOpensASecondVoteAndTheExportKeepsBothRoundsWithNamesDefused() {
        Cookie ada = join("Ada");
        Cookie formula = join("=HYPERLINK(\"x\")");
        predict(ada, HALF);
        predict(formula, SAME);
        instructorPost("/poll/reveal");

        assertThat(instructorPost("/poll/reset", "round", "1")).hasStatusOk().bodyText().contains("round <span class=\"poll-round\">2</span>");
        assertThat(instructorPost("/poll/reset", "round", "1")).as("a double click opens one round, not two")
                .bodyText().contains("round <span class=\"poll-round\">2</span>");
        assertThat(votes()).as("a fresh vote").containsExactly(0, 0, 0, 0);
        assertThat(mvc.get().uri("/classes/{code}/poll", classroom.code()).cookie(ada).exchange())
                .as("the new round is hidden again").hasStatus(403);
        assertThat(predict(ada, SAME)).hasStatusOk().bodyText().contains("round <span>2</span>");

        MvcTestResult csv = instructorGet("/poll.csv");
        assertThat(csv).hasStatusOk().hasHeader("Content-Disposition",
                "attachment; filename=\"gil-lab-poll-" + classroom.code() + ".csv\"");
        assertThat(csv.getResponse().getContentType()).startsWith("text/csv");
        assertThat(csv).bodyText()
                .contains(classroom.code() + "," + LESSON + ",1,")
                .contains(",About half the time,1,50,,,,Ada\r\n".substring(0, 20))
                .contains("\"'=HYPERLINK(\"\"x\"\")\"")
                .contains(classroom.code() + "," + LESSON + ",2,")
                .doesNotContain(",=HYPERLINK");
    }
}
