package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import java.util.concurrent.TimeUnit;
import lab.gil.lesson.LessonCatalog;
import lab.gil.run.LocalRunQueue;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.RunWatcher;
import lab.gil.run.calibration.CalibrationConfig;
import lab.gil.run.measure.RunMeasurer;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.ScenarioParser;
import lab.gil.security.SecurityConfig;
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
@Import({RunService.class, LocalRunQueue.class, RunMeasurer.class, RunStarter.class, SseStreams.class, CalibrationConfig.class, RunControllerTest.Config.class,
        SecurityConfig.class, LessonCatalog.class, RunControllerTest.Lessons.class})
class RunExportTest {

    private static final long RUN_TIMEOUT_SECONDS = 30;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    RunService runs;

    private Run finishedRun() throws Exception {
        MvcTestResult started = mvc.post().uri("/runs").header("HX-Request", "true").with(csrf())
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .content("workers=2&tasks=4&programs=io+10ms%3B+cpu+1000&lessonId=cores-and-threads&prediction=Longer").exchange();
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
        assertThat(export).bodyJson().extractingPath("$.run.prediction").isEqualTo("Longer");
        assertThat(export).bodyJson().extractingPath("$.run.scenario.workers").isEqualTo(2);
        assertThat(export).bodyJson().extractingPath("$.run.summary.speedup").asNumber()
                .satisfies(n -> assertThat(n.doubleValue()).isPositive());
        assertThat(export).bodyJson().extractingPath("$.trace.workers").isEqualTo(2);
        assertThat(export).bodyJson().extractingPath("$.run.summary.workerCost.kind").isEqualTo("thread");
        assertThat(export).bodyJson().extractingPath("$.run.summary.workerCost.bytesPerWorker").asNumber()
                .satisfies(n -> assertThat(n.longValue()).as("a thread's resident memory, measured").isPositive());
    }

    @Test
    void theCsvExportIsOneRowPerLaneSegmentUnderTheSummaryInCommentLines() throws Exception {
        Run run = finishedRun();
        MvcTestResult export = mvc.get().uri("/runs/" + run.id() + "/export.csv").exchange();
        assertThat(export).hasStatusOk();
        assertThat(export.getResponse().getContentType()).startsWith("text/csv");
        String csv = export.getResponse().getContentAsString();
        assertThat(csv).startsWith("# GIL Lab run " + run.id()).contains("# predicted: Longer")
                .contains(", speedup ").contains("# worker_kind thread, bytes_per_worker ")
                .contains("\nworker,state,start_us,end_us,duration_us\n")
                .as("this slice has no per-core sampler, and says so").contains("\n# other_work unknown");
        String table = csv.substring(csv.indexOf("worker,state"));
        assertThat(table.lines().skip(1)).isNotEmpty().allSatisfy(row ->
                assertThat(row).matches("[01],(IDLE|RUNNING|WAITING_FOR_GIL|IO|NATIVE|BUILTIN|DONE),\\d+,\\d+,\\d+"));
    }

    @Test
    void theCsvSummarySaysHowMuchOtherWorkTheMachineDidAndWhetherThatDisturbedTheRun() {
        assertThat(RunExportController.otherWorkLine(new RunSummary.OtherWork(0.62, 2, 1800)))
                .isEqualTo("# other_work_cores 0.620, machine_cores 2, other_work_share 0.310, covered_ms 1800.000,"
                        + " disturbed true");
        assertThat(RunExportController.otherWorkLine(new RunSummary.OtherWork(0.1, 2, 900)))
                .endsWith("other_work_share 0.050, covered_ms 900.000, disturbed false");
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
