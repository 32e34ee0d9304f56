package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import lab.gil.run.CalibrationConfig;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.scenario.ScenarioParser;
import lab.gil.stream.SseStreams;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** A finished run keeps its lanes, serves them as JSON, and exports itself as JSON and CSV. */
@WebMvcTest(controllers = {RunController.class, RunExportController.class})
@Import({RunService.class, Submitters.class, SseStreams.class, CalibrationConfig.class, RunControllerTest.Config.class})
class RunExportTest {

    private static final long RUN_TIMEOUT_SECONDS = 30;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RunService runs;

    private Run finishedRun() throws Exception {
        MvcTestResult started = mvc.post().uri("/runs").header("HX-Request", "true")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("workers=2&tasks=4&programs=io+10ms%3B+cpu+1000&prediction=Twice+as+fast").exchange();
        String id = started.getResponse().getContentAsString().replaceAll("(?s).*data-run-id=\"([0-9a-f]+)\".*", "$1");
        Run run = runs.find(id).orElseThrow();
        assertThat(RunWatcher.watch(run).awaitEnd(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(run.state()).isEqualTo(RunState.DONE);
        return run;
    }

    @Test
    void aFinishedRunServesItsLanesWithTheWallClockInstantOfTheirStart() throws Exception {
        long before = System.currentTimeMillis();
        Run run = finishedRun();
        MvcTestResult trace = mvc.get().uri("/runs/" + run.id() + "/trace").exchange();
        assertThat(trace).hasStatusOk().hasContentType(MediaType.APPLICATION_JSON);
        assertThat(trace).bodyJson().extractingPath("$.workers").isEqualTo(2);
        assertThat(trace).bodyJson().extractingPath("$.capped").isEqualTo(false);
        assertThat(trace).bodyJson().extractingPath("$.states[2]").isEqualTo("WAITING_FOR_GIL");
        assertThat(trace).bodyJson().extractingPath("$.changes.length()").asNumber().satisfies(
                n -> assertThat(n.intValue()).as("each task enters I/O and running at least").isGreaterThan(8));
        assertThat(run.trace().orElseThrow().startEpochMillis()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void theJsonExportHoldsTheScenarioThePredictionTheSummaryAndTheTrace() throws Exception {
        Run run = finishedRun();
        MvcTestResult export = mvc.get().uri("/runs/" + run.id() + "/export.json").exchange();
        assertThat(export).hasStatusOk()
                .hasHeader("Content-Disposition", "attachment; filename=\"gil-lab-run-" + run.id() + ".json\"");
        assertThat(export).bodyJson().extractingPath("$.run.prediction").isEqualTo("Twice as fast");
        assertThat(export).bodyJson().extractingPath("$.run.scenario.workers").isEqualTo(2);
        assertThat(export).bodyJson().extractingPath("$.run.summary.speedup").asNumber()
                .satisfies(n -> assertThat(n.doubleValue()).isPositive());
        assertThat(export).bodyJson().extractingPath("$.trace.workers").isEqualTo(2);
    }

    @Test
    void theCsvExportIsOneRowPerLaneSegmentUnderTheSummaryInCommentLines() throws Exception {
        Run run = finishedRun();
        MvcTestResult export = mvc.get().uri("/runs/" + run.id() + "/export.csv").exchange();
        assertThat(export).hasStatusOk();
        assertThat(export.getResponse().getContentType()).startsWith("text/csv");
        String csv = export.getResponse().getContentAsString();
        assertThat(csv).startsWith("# GIL Lab run " + run.id()).contains("# predicted: Twice as fast")
                .contains(", speedup ").contains("\nworker,state,start_us,end_us,duration_us\n");
        String table = csv.substring(csv.indexOf("worker,state"));
        assertThat(table.lines().skip(1)).isNotEmpty().allSatisfy(row ->
                assertThat(row).matches("[01],(IDLE|RUNNING|WAITING_FOR_GIL|IO|NATIVE|BUILTIN|DONE),\\d+,\\d+,\\d+"));
    }

    @Test
    void aRunStoppedBeforeItStartedHasNoLanesAndItsTraceIsNotFound() throws Exception {
        var scenario = ((ScenarioParser.Result.Valid) ScenarioParser.parse(
                java.util.Map.of("workers", "1", "programs", "io 60s"))).scenario();
        Run running = runs.submit(scenario, null, null);
        RunWatcher runningWatch = RunWatcher.watch(running);
        assertThat(runningWatch.awaitState(RunState.RUNNING, RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        Run queued = runs.submit(scenario, null, null);
        runs.stop(queued);
        assertThat(mvc.get().uri("/runs/" + queued.id() + "/trace").exchange()).hasStatus(404);
        runs.stop(running);
        assertThat(runningWatch.awaitEnd(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
}
