package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import lab.gil.run.CalibrationConfig;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.scenario.Scenario;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Starting, showing and stopping runs through htmx requests, with the real run service behind the controller. */
@WebMvcTest(controllers = RunController.class)
@Import({RunService.class, SseStreams.class, CalibrationConfig.class, RunControllerTest.Config.class})
class RunControllerTest {

    private static final long TIMEOUT_SECONDS = 30;

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
        return mvc.post().uri("/runs").header("HX-Request", "true")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content(form).exchange();
    }

    @Test
    void aValidFormStartsARunAndAnswersWithItsStatusWhichItsStreamDrives() throws Exception {
        MvcTestResult result = post("workers=1&programs=io+20ms&prediction=Fast&lessonId=cores-and-threads");
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
        MvcTestResult result = post("workers=1&programs=io+50s");
        String id = result.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        Run run = runs.find(id).orElseThrow();
        RunWatcher watch = RunWatcher.watch(run);
        assertThat(mvc.post().uri("/runs/" + id + "/stop").header("HX-Request", "true").exchange()).hasStatusOk();
        assertThat(watch.awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
    }

    @Test
    void anUnknownRunIsANotFound() {
        assertThat(mvc.get().uri("/runs/0000/status").exchange()).hasStatus(404);
    }
}
