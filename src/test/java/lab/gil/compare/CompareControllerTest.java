package lab.gil.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import lab.gil.interpreter.Calibration;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunServiceSlice;
import lab.gil.machine.ServerCalibration;
import lab.gil.machine.ServerMachine;
import lab.gil.run.web.SessionRuns;
import lab.gil.security.SecurityConfig;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** A session's runs are listed newest first, and any two are shown side by side. */
@WebMvcTest(controllers = CompareController.class)
@Import({RunServiceSlice.class, SseStreams.class, CompareControllerTest.Config.class, SecurityConfig.class})
class CompareControllerTest {

    @TestConfiguration
    @EnableConfigurationProperties(RunProperties.class)
    static class Config {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        ServerCalibration calibration() {
            return ServerCalibration.of(Calibration.forTarget(50, Calibration.Source.GIVEN));
        }

        @Bean
        ServerMachine machine() {
            return ServerMachine.ofThisProcess(Runtime.getRuntime().availableProcessors());
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RunService runs;

    private String queueRun(MockHttpSession session, String workers, String gil) {
        var scenario = ((lab.gil.scenario.ScenarioParser.Result.Valid) lab.gil.scenario.ScenarioParser.parse(
                java.util.Map.of("workers", workers, "programs", "io 60s", "gil", gil))).scenario();
        var run = runs.submit(scenario, null, null);
        SessionRuns.record(session, run.id());
        return run.id();
    }

    @Test
    void anEmptySessionIsInvitedToRunSomething() {
        assertThat(mvc.get().uri("/runs/mine").session(new MockHttpSession()).exchange())
                .hasStatusOk().bodyText().contains("id=\"run-history\"").contains("compare any two");
    }

    @Test
    void theSessionsRunsAreListedNewestFirstWithTheTwoNewestPreselected() throws Exception {
        MockHttpSession session = new MockHttpSession();
        String first = queueRun(session, "1", "gil");
        String second = queueRun(session, "2", "free-threaded");
        MvcTestResult list = mvc.get().uri("/runs/mine").session(session).exchange();
        String body = list.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body.indexOf("data-run-id=\"" + second)).isLessThan(body.indexOf("data-run-id=\"" + first))
                .isPositive();
        assertThat(body).contains("2 threads, no GIL, io 60s").contains("1 thread, GIL on, io 60s")
                .as("refreshed by a finished run's result, not by a request of its own")
                .contains("data-refresh-after-run").doesNotContain("hx-trigger").doesNotContain("hx-swap-oob");
        assertThat(mvc.get().uri("/runs/mine").session(new MockHttpSession()).exchange())
                .as("another session sees none of them").bodyText().doesNotContain(first);
        runs.find(first).ifPresent(runs::stop);
        runs.find(second).ifPresent(runs::stop);
    }

    @Test
    void twoRunsAreComparedInOneTableAndOneTimeAxis() {
        MockHttpSession session = new MockHttpSession();
        String a = queueRun(session, "1", "gil");
        String b = queueRun(session, "2", "gil");
        MvcTestResult page = mvc.get().uri("/compare?a=" + a + "&b=" + b).session(session).exchange();
        assertThat(page).hasStatusOk().bodyText().contains("Two runs side by side")
                .contains("data-trace-a=\"/runs/" + a + "/trace\"").contains("data-trace-b=\"/runs/" + b + "/trace\"")
                .contains("Waiting for the GIL").contains("/runs/" + a + "/export.csv");
        runs.find(a).ifPresent(runs::stop);
        runs.find(b).ifPresent(runs::stop);
    }

    @Test
    void aForgottenRunIsSaidToBeGoneInsteadOfFailing() {
        assertThat(mvc.get().uri("/compare?a=dead&b=beef").session(new MockHttpSession()).exchange())
                .hasStatusOk().bodyText().contains("no longer on this server");
    }
}
