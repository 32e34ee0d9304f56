package lab.gil.answer.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lab.gil.lesson.LessonCatalog;
import lab.gil.lesson.LessonProperties;
import lab.gil.machine.MachineConfig;
import lab.gil.run.Run;
import lab.gil.run.RunProperties;
import lab.gil.run.RunService;
import lab.gil.run.RunServiceSlice;
import lab.gil.run.RunWatcher;
import lab.gil.run.web.SessionRuns;
import lab.gil.scenario.ScenarioParser;
import lab.gil.security.SecurityConfig;
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
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * A finished run's page is brought up to date by one response: the result with the lesson's answer inside, and the
 * page's runs table and history out of band, as many as the page names.
 */
@WebMvcTest(useDefaultFilters = false, includeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = {
        "lab\\.gil\\.run\\.web\\.RunController", "lab\\.gil\\.answer\\.page\\.AnswerController",
        "lab\\.gil\\.compare\\.CompareController"}))
@Import({RunServiceSlice.class, SseStreams.class, MachineConfig.class, SecurityConfig.class, LessonCatalog.class,
        FinishedRunResponseTest.Config.class})
class FinishedRunResponseTest {

    private static final long TIMEOUT_SECONDS = 30;

    /** The components the three controllers use, which a web slice leaves out. */
    @TestConfiguration
    @EnableConfigurationProperties({RunProperties.class, LessonProperties.class})
    @ComponentScan(basePackages = "lab.gil", useDefaultFilters = false, includeFilters = @ComponentScan.Filter(
            type = FilterType.REGEX, pattern = {"lab\\.gil\\.run\\.web\\.RunStarter", "lab\\.gil\\.lesson\\.LessonRunLabels",
                    "lab\\.gil\\.answer\\.page\\.LessonRuns"}))
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

    @Test
    void theFinishedRunsResultCarriesTheAnswerAndTheElementsThePageNamesOutOfBand() throws Exception {
        MockHttpSession session = new MockHttpSession();
        Run run = finishedRunOf("cores-and-threads", session);

        MvcTestResult result = mvc.get().uri("/runs/" + run.id() + "/status?refresh=lesson-runs run-history")
                .session(session).header("HX-Request", "true").exchange();
        assertThat(result).hasStatusOk();
        String body = result.getResponse().getContentAsString();
        assertThat(body).as("the result, with the lesson's answer inside it").contains("id=\"run-status\"")
                .contains("data-run-state=\"done\"").contains("id=\"lesson-answer\"").contains("Your answer");
        assertThat(body.indexOf("id=\"lesson-answer\"")).as("inside the status, not out of band")
                .isLessThan(body.indexOf("id=\"lesson-runs\""));
        assertThat(body).contains("<section id=\"lesson-runs\"").contains("<section id=\"run-history\"")
                .contains("data-run-id=\"" + run.id() + "\"");
        assertThat(body.split("hx-swap-oob=\"true\"", -1)).as("two fragments out of band").hasSize(3);
    }

    @Test
    void aPageWithoutTheRunsTableGetsNoneAndNobodyElsesHistoryIsSent() throws Exception {
        MockHttpSession mine = new MockHttpSession();
        Run run = finishedRunOf("cores-and-threads", mine);

        String console = mvc.get().uri("/runs/" + run.id() + "/status").session(mine).header("HX-Request", "true")
                .exchange().getResponse().getContentAsString();
        assertThat(console).as("a page that names nothing").doesNotContain("hx-swap-oob");

        String other = mvc.get().uri("/runs/" + run.id() + "/status?refresh=run-history")
                .session(new MockHttpSession()).header("HX-Request", "true").exchange().getResponse().getContentAsString();
        assertThat(other).as("a run of another session leaves this session's history as it is")
                .doesNotContain("id=\"run-history\"");
    }

    private Run finishedRunOf(String lessonId, MockHttpSession session) throws InterruptedException {
        var scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(
                Map.of("workers", "1", "programs", "io 10ms"))).scenario();
        Run run = runs.submit(scenario, lessonId, null);
        SessionRuns.record(session, run.id());
        assertThat(RunWatcher.watch(run).awaitEnd(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        return run;
    }
}
