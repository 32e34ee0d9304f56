package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.LessonProperties;
import lab.gil.run.LocalRunQueue;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.calibration.CalibrationConfig;
import lab.gil.run.measure.RunMeasurer;
import lab.gil.scenario.Scenario;
import lab.gil.security.SecurityConfig;
import lab.gil.security.TestInstructor;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Starting, showing and stopping runs through htmx requests, with the real run service behind the controller. */
@WebMvcTest(controllers = RunController.class)
@Import({RunService.class, LocalRunQueue.class, RunMeasurer.class, RunStarter.class, SseStreams.class, CalibrationConfig.class, RunControllerTest.Config.class,
        SecurityConfig.class, LessonCatalog.class, RunControllerTest.Lessons.class})
class RunControllerTest {

    private static final long TIMEOUT_SECONDS = 30;

    /** The real lessons folder, which a run's lesson and prediction are checked against. */
    @TestConfiguration
    @EnableConfigurationProperties(LessonProperties.class)
    @ComponentScan(basePackageClasses = LessonCatalog.class, useDefaultFilters = false,
            includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = RunLabels.class))
    static class Lessons {
    }

    @TestConfiguration
    @EnableConfigurationProperties(RunProperties.class)
    static class Config {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RunService runs;

    private MvcTestResult post(String form) {
        return mvc.post().uri("/runs").header("HX-Request", "true").with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form).exchange();
    }

    @Test
    void aValidFormStartsARunAndAnswersWithItsStatusWhichItsStreamDrives() throws Exception {
        MvcTestResult result = post("workers=1&programs=io+20ms&prediction=About+half+the+time&lessonId=cores-and-threads");
        assertThat(result).hasStatusOk();
        String id = result.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        assertThat(result).bodyText().contains("id=\"run-status\"")
                .contains("data-events=\"/runs/" + id + "/events\"").contains("data-status=\"/runs/" + id + "/status\"")
                .as("the stream, not a timer, asks for the status again").doesNotContain("hx-trigger");
        Run run = runs.find(id).orElseThrow();
        assertThat(RunWatcher.watch(run).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();

        MvcTestResult done = mvc.get().uri("/runs/" + id + "/status").header("HX-Request", "true").exchange();
        assertThat(done).hasStatusOk();
        assertThat(done).bodyText().contains("data-run-state=\"done\"").contains("Speedup")
                .contains("hx-get=\"/lessons/cores-and-threads/answer\"").doesNotContain("every 1s");
        assertThat(done).hasHeader("HX-Trigger", RunController.RUN_FINISHED_EVENT);
    }

    @Test
    void zeroThreadsIsA400WithTheMessageRetargetedToTheErrorBox() {
        MvcTestResult result = post("workers=0&programs=cpu+1000");
        assertThat(result).hasStatus(400);
        assertThat(result).hasHeader("HX-Retarget", "#scenario-errors");
        assertThat(result).bodyText().contains("id=\"scenario-errors\"")
                .contains("Enter a whole number of threads from 1 to 100.")
                .doesNotContain("Exception");
    }

    @Test
    void textAndAbsurdAmountsOfWorkAre400sWithClearMessages() {
        assertThat(post("workers=two&programs=cpu+1000")).hasStatus(400).bodyText().contains("whole number of threads");
        assertThat(post("workers=16&tasks=1000&programs=cpu+1000000000")).hasStatus(400)
                .bodyText().contains("the most one run may do is 500,000,000");
        assertThat(post("programs=rm+-rf")).hasStatus(400).bodyText().contains("is not a step kind");
    }

    @Test
    void aKnobSentTwiceIsA400NamingItRatherThanOneValueSilentlyWinning() {
        MvcTestResult result = post("workers=2&programs=cpu+1000&split=false&split=true");
        assertThat(result).hasStatus(400);
        assertThat(result).hasHeader("HX-Retarget", "#scenario-errors");
        assertThat(result).bodyText().contains("<strong>split</strong>")
                .contains("Sent 2 times (false, true); a knob takes one value.");
        assertThat(post("workers=2&workers=4&programs=cpu+1000")).hasStatus(400)
                .bodyText().contains("<strong>workers</strong>").contains("Sent 2 times (2, 4)");
    }

    @Test
    void anAbsentSplitRunsEveryTaskAsWrittenAndSplitTrueSharesTheTotal() throws Exception {
        assertThat(startedScenario("workers=2&programs=io+1ms").split()).isFalse();
        Scenario split = startedScenario("workers=2&programs=cpu+1000&split=true");
        assertThat(split.split()).isTrue();
        assertThat(split.totalCpuIterations()).as("two tasks share 1000 iterations").isEqualTo(1000);
    }

    /** Posts a form that must start a run, and returns the scenario that run was given. */
    private Scenario startedScenario(String form) throws Exception {
        MvcTestResult result = post(form);
        assertThat(result).hasStatusOk();
        String id = result.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        Run run = runs.find(id).orElseThrow();
        runs.stop(run);
        return run.scenario();
    }

    @Test
    void stoppingAWaitingOrRunningRunCancelsIt() throws Exception {
        MockHttpSession mine = new MockHttpSession();
        Run run = startLongRun(mine);
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(stop(run, mine)).hasStatusOk();
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aStudentCannotStopAnotherStudentsRun() throws Exception {
        Run run = startLongRun(new MockHttpSession());
        try {
            MvcTestResult refused = stop(run, new MockHttpSession());
            assertThat(refused).hasStatus(403).hasHeader("HX-Retarget", "#scenario-errors");
            assertThat(refused).bodyText().contains(RunController.NOT_YOUR_RUN);
            assertThat(run.state()).as("still going").isIn(RunState.QUEUED, RunState.RUNNING);
        } finally {
            runs.stop(run);
        }
    }

    @Test
    void aStopWithoutTheCsrfTokenIsRefusedEvenFromTheRunsOwnSession() throws Exception {
        MockHttpSession mine = new MockHttpSession();
        Run run = startLongRun(mine);
        try {
            assertThat(mvc.post().uri("/runs/" + run.id() + "/stop").session(mine).header("HX-Request", "true"))
                    .hasStatus(403);
            assertThat(run.state()).isIn(RunState.QUEUED, RunState.RUNNING);
        } finally {
            runs.stop(run);
        }
    }

    @Test
    void anInstructorMayStopAnyRun() throws Exception {
        Run run = startLongRun(new MockHttpSession());
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(mvc.post().uri("/runs/" + run.id() + "/stop").header("HX-Request", "true").with(csrf())
                .with(TestInstructor.instructor())).hasStatusOk();
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void aRunsLessonMustBeALessonAndItsPredictionOneOfThatLessonsAnswers() {
        assertThat(post("workers=1&programs=io+1ms&lessonId=no-such-lesson")).hasStatus(400)
                .bodyText().contains("There is no lesson &quot;no-such-lesson&quot;.");
        assertThat(post("workers=1&programs=io+1ms&lessonId=cores-and-threads&prediction=Instantly")).hasStatus(400)
                .bodyText().contains("&quot;Instantly&quot; is not one of this lesson&#39;s answers: About half the time");
        assertThat(post("workers=1&programs=io+1ms&prediction=About+half+the+time")).hasStatus(400)
                .bodyText().contains("A prediction answers a lesson&#39;s question: send it with the lesson&#39;s id.");
    }

    @Test
    void overlongLabelsAreRefusedWithoutBeingEchoed() {
        String longId = "x".repeat(RunLabels.MAX_LESSON_ID + 1);
        String longPrediction = "y".repeat(RunLabels.MAX_PREDICTION + 1);
        MvcTestResult result = post("workers=1&programs=io+1ms&lessonId=" + longId + "&prediction=" + longPrediction);
        assertThat(result).hasStatus(400).hasHeader("HX-Retarget", "#scenario-errors");
        assertThat(result).bodyText().contains("A lesson id has at most 64 characters.")
                .contains("A prediction has at most 200 characters.").doesNotContain(longId).doesNotContain(longPrediction);
    }

    @Test
    void aStudentCannotReachInstructorPages() {
        assertThat(mvc.get().uri("/instructor/classes")).hasStatus(302).hasRedirectedUrl("/signin");
        assertThat(mvc.post().uri("/instructor/classes").with(csrf())).hasStatus(302).hasRedirectedUrl("/signin");
    }

    private Run startLongRun(MockHttpSession session) throws Exception {
        MvcTestResult result = mvc.post().uri("/runs").session(session).header("HX-Request", "true").with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("workers=1&programs=io+50s").exchange();
        assertThat(result).hasStatusOk();
        String id = result.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        return runs.find(id).orElseThrow();
    }

    private MvcTestResult stop(Run run, MockHttpSession session) {
        return mvc.post().uri("/runs/" + run.id() + "/stop").session(session).header("HX-Request", "true")
                .with(csrf()).exchange();
    }

    @Test
    void anUnknownRunIsANotFound() {
        assertThat(mvc.get().uri("/runs/0000/status").exchange()).hasStatus(404);
    }

    private MvcTestResult post(String form, MockHttpSession session) {
        return mvc.post().uri("/runs").session(session).header("HX-Request", "true").with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form).exchange();
    }

    private Run runIn(MvcTestResult result) throws Exception {
        String id = result.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        return runs.find(id).orElseThrow();
    }

    @Test
    void aSessionsSecondRunPressReplacesItsWaitingRunAndIsRefusedWhileItsRunRuns() throws Exception {
        MockHttpSession holder = new MockHttpSession();
        MockHttpSession student = new MockHttpSession();
        Run holding = runIn(post("workers=1&programs=io+50s", holder));
        assertThat(RunWatcher.watch(holding).awaitState(RunState.RUNNING, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Run waiting = runIn(post("workers=1&programs=io+50s", student));
        assertThat(mvc.get().uri("/runs/" + waiting.id() + "/status").header("HX-Request", "true").exchange())
                .bodyText().contains("Your run is number <span class=\"queue-position\">1</span> in the queue");

        MvcTestResult again = post("workers=2&programs=io+50s", student);
        assertThat(again).hasStatusOk().bodyText().contains("data-run-state=\"queued\"");
        Run replacement = runIn(again);
        assertThat(replacement).isNotSameAs(waiting);
        assertThat(waiting.state()).isEqualTo(RunState.CANCELLED);
        assertThat(runs.position(replacement)).isEqualTo(1);

        MvcTestResult refused = post("workers=1&programs=io+1ms", holder);
        assertThat(refused).hasStatus(409).hasHeader("HX-Retarget", "#scenario-errors");
        assertThat(refused).bodyText().contains("Your run (1 thread, GIL on, io 50s) is running now.");
        runs.stop(replacement);
        runs.stop(holding);
    }
}
