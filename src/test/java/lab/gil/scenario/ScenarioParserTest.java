package lab.gil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import lab.gil.interpreter.GilMode;
import org.junit.jupiter.api.Test;

class ScenarioParserTest {

    private static Map<String, String> knobs(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static Scenario valid(String... pairs) {
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(knobs(pairs))).scenario();
    }

    private static Map<String, String> errors(String... pairs) {
        return ((ScenarioParser.Result.Invalid) ScenarioParser.parse(knobs(pairs))).errors();
    }

    @Test
    void aFullScenarioIsReadKnobByKnob() {
        Scenario s = valid("executor", "threads", "workers", "4", "tasks", "8", "programs", "cpu 1000\nio 5ms",
                "split", "true", "gil", "free-threaded", "switchInterval", "0.5");
        assertThat(s.executor()).isEqualTo(ExecutorKind.THREADS);
        assertThat(s.workers()).isEqualTo(4);
        assertThat(s.tasks()).isEqualTo(8);
        assertThat(s.programs()).hasSize(2);
        assertThat(s.split()).isTrue();
        assertThat(s.gil()).isEqualTo(GilMode.FREE_THREADED);
        assertThat(s.switchInterval()).isEqualTo(Duration.ofNanos(500_000));
    }

    @Test
    void missingKnobsTakeCPythonsDefaultsAndOneTaskPerWorker() {
        Scenario s = valid("programs", "cpu 1000", "workers", "3");
        assertThat(s.tasks()).isEqualTo(3);
        assertThat(s.gil()).isEqualTo(GilMode.GIL);
        assertThat(s.switchInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(s.executor()).isEqualTo(ExecutorKind.THREADS);
    }

    @Test
    void splitSharesEachProgramAmongTheTasksThatRunIt() {
        Scenario s = valid("workers", "2", "tasks", "3", "programs", "cpu 3000\nio 10ms", "split", "true");
        assertThat(s.programFor(0).text()).isEqualTo("cpu 1500");
        assertThat(s.programFor(1).text()).isEqualTo("io 10ms");
        assertThat(s.programFor(2).text()).isEqualTo("cpu 1500");
        assertThat(s.totalCpuIterations()).isEqualTo(3000);
    }

    @Test
    void withoutSplitEveryTaskRunsItsProgramAsWritten() {
        Scenario s = valid("workers", "2", "tasks", "4", "programs", "cpu 1000");
        assertThat(s.totalCpuIterations()).isEqualTo(4000);
    }

    @Test
    void sequentialAlwaysHasOneWorker() {
        assertThat(valid("executor", "sequential", "workers", "8", "programs", "cpu 10").workers()).isEqualTo(1);
    }

    @Test
    void zeroThreadsTextAndAbsurdWorkEachGetAClearMessage() {
        assertThat(errors("workers", "0", "programs", "cpu 1")).containsEntry("workers",
                "Enter a whole number of threads from 1 to 100.");
        assertThat(errors("workers", "two", "programs", "cpu 1")).containsKey("workers");
        assertThat(errors("workers", "16", "tasks", "1000", "programs", "cpu 1000000000"))
                .hasEntrySatisfying("programs", m -> assertThat(m).contains("the most one run may do is 500,000,000"));
        assertThat(errors("programs", "cpu lots")).hasEntrySatisfying("programs", m -> assertThat(m).contains("whole number"));
    }

    @Test
    void everyKnobIsBounded() {
        Map<String, String> e = errors("executor", "fibers", "tasks", "1001", "programs", "", "split", "maybe",
                "gil", "none", "switchInterval", "0.05");
        assertThat(e).containsOnlyKeys("executor", "tasks", "programs", "split", "gil", "switchInterval");
        assertThat(errors("switchInterval", "101", "programs", "cpu 1")).containsKey("switchInterval");
    }

    @Test
    void aPresetWithAMisspelledKnobIsReported() {
        assertThat(ScenarioParser.presetProblems(knobs("wokers", "2", "programs", "cpu 1")))
                .singleElement().asString().startsWith("unknown knob \"wokers\"");
    }

    @Test
    void theOneWorkerBaselineDoesTheSameTotalWork() {
        Scenario s = valid("workers", "4", "programs", "cpu 4000", "split", "true");
        assertThat(s.withOneWorker().workers()).isEqualTo(1);
        assertThat(s.withOneWorker().totalCpuIterations()).isEqualTo(s.totalCpuIterations());
        assertThat(s.withOneWorker().key()).isNotEqualTo(s.key());
    }

    @Test
    void aTotalSharedOneTaskPerWorkerIsComparedWithOneTaskDoingAllOfIt() {
        Scenario two = valid("workers", "2", "tasks", "2", "programs", "cpu 4000", "split", "true");
        Scenario one = valid("workers", "1", "programs", "cpu 4000", "split", "true");
        assertThat(two.withOneWorker().key()).isEqualTo(one.key());
        Scenario eachRunsItsOwn = valid("workers", "2", "programs", "cpu 4000");
        assertThat(eachRunsItsOwn.withOneWorker().tasks()).as("without split the total needs every task").isEqualTo(2);
    }

    @Test
    void processExecutorsAreReadAndBoundedToSixtyFourProcesses() {
        assertThat(valid("executor", "processes", "workers", "64", "programs", "cpu 1").executor()).isEqualTo(ExecutorKind.PROCESSES);
        assertThat(valid("executor", "process-per-task", "workers", "2", "programs", "cpu 1").executor())
                .isEqualTo(ExecutorKind.PROCESS_PER_TASK);
        assertThat(errors("executor", "processes", "workers", "65", "programs", "cpu 1"))
                .containsEntry("workers", "Enter a whole number of processes from 1 to 64.");
        assertThat(errors("executor", "fork", "programs", "cpu 1").get("executor"))
                .isEqualTo("Choose one of: sequential, threads, processes, process-per-task, greenlets.");
    }

    @Test
    void aProcessPerTaskRunStartsAtMostTwoHundredProcesses() {
        assertThat(valid("executor", "process-per-task", "tasks", "200", "programs", "cpu 1").tasks()).isEqualTo(200);
        assertThat(errors("executor", "process-per-task", "tasks", "201", "programs", "cpu 1").get("tasks"))
                .contains("from 1 to 200");
        assertThat(valid("executor", "processes", "tasks", "1000", "programs", "cpu 1").tasks()).isEqualTo(1000);
    }

    @Test
    void aProcessRunCopiesAtMostOneGigabyteInAllWhileThreadsCopyNothing() {
        assertThat(errors("executor", "processes", "tasks", "11", "programs", "send 100MB").get("programs"))
                .isEqualTo("That is 1100 MB copied to and from the processes in all; the most one run may copy is 1024 MB.");
        assertThat(valid("executor", "threads", "tasks", "11", "programs", "send 100MB").totalBytesPassed())
                .as("threads pass references: the bound does not apply").isEqualTo(1100L * 1024 * 1024);
    }

    @Test
    void aScenarioTravelsToAnotherServerAsKnobsThatParseBackToTheSameScenario() {
        for (Scenario scenario : java.util.List.of(
                valid("programs", "cpu 1000000"),
                valid("executor", "processes", "workers", "3", "tasks", "7", "programs", "cpu 500\nio 20ms",
                        "split", "true", "gil", "per-interpreter", "switchInterval", "0.25"),
                valid("executor", "threads", "workers", "4", "programs", "cpu 100000", "gil", "free-threaded",
                        "switchInterval", "12.5"))) {
            assertThat(ScenarioParser.parse(ScenarioParser.knobsOf(scenario)))
                    .isEqualTo(new ScenarioParser.Result.Valid(scenario));
        }
    }
}
