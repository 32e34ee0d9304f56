package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lab.gil.run.summary.RunSummary;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CPython run's summary names CPython's own figures and summary fragment, so that its result panel shows what ran
 * it and which counter it kept, and reads back from JSON as the application's mapper reads every kind's.
 */
class CPythonSummaryTest {

    @Test
    void aProcessRunsCounterCopiesAreItsProcessesOwn() {
        RunSummary s = CPythonSummary.of(Scenarios.of("executor", "processes", "workers", "2", "tasks", "2",
                "programs", "incr 1000"), figures("multiprocessing.Pool", "spawn", 0, List.of(1000L, 1000L)), null);

        assertThat(s.figures()).isEqualTo(new CPythonRunFigures("multiprocessing.Pool", "spawn", List.of(1000L, 1000L)));
        assertThat(s.figures().summaryTemplate()).isEqualTo("cpython/summary");
        assertThat(s.calibration().source()).isEqualTo(CPythonSummary.SOURCE);
    }

    @Test
    void aCounterInSharedMemoryOrInThreadsIsOneCounter() {
        RunSummary shared = CPythonSummary.of(Scenarios.of("executor", "processes", "workers", "2", "tasks", "2",
                "programs", "incr-shared 1000"), figures("multiprocessing.Pool", "spawn", 1990, List.of(0L, 0L)), null);
        RunSummary threads = CPythonSummary.of(Scenarios.of("executor", "threads", "workers", "2", "tasks", "2",
                "programs", "incr 1000"), figures("ThreadPoolExecutor", null, 2000, null), null);

        assertThat(((CPythonRunFigures) shared.figures()).countersPerProcess()).isNull();
        assertThat(threads.figures()).isEqualTo(new CPythonRunFigures("ThreadPoolExecutor", null, null));
    }

    @Test
    void itsFiguresReadBackFromJson() {
        JsonMapper.Builder builder = JsonMapper.builder();
        new CPythonJson().customize(builder);
        JsonMapper json = builder.build();
        RunSummary s = CPythonSummary.of(Scenarios.of("executor", "processes", "workers", "2", "tasks", "2",
                "programs", "incr 1000"), figures("multiprocessing.Pool", "spawn", 0, List.of(1000L, 1000L)), null);

        String text = json.writeValueAsString(s);

        assertThat(text).contains("\"kind\":\"cpython\"");
        assertThat(json.readValue(text, RunSummary.class).figures()).isEqualTo(s.figures());
    }

    private static CPythonFigures figures(String runner, String startMethod, long counter, List<Long> own) {
        return new CPythonFigures("3.11.7", "CPython", "enabled", runner, startMethod, 2, 2, 5, 0.5, 0.9, 2, List.of(),
                List.of(0.4, 0.45), new CPythonFigures.Counter(2000, counter, 2000 - counter), own, null, 0, 0, null);
    }
}
