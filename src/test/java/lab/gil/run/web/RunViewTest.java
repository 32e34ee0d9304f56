package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A run named in a few words, as the run list and the comparison show it. */
class RunViewTest {

    private static String label(String executor, int workers, String gil) {
        RunView.ScenarioView scenario = new RunView.ScenarioView(executor, workers, workers, List.of("cpu 1000"), true,
                gil, 5);
        return new RunView("r", "done", false, 0, null, null, null, null, null, scenario).label();
    }

    @Test
    void oneWorkerIsNamedInTheSingularAndSeveralInThePlural() {
        assertThat(label("processes", 1, "gil")).isEqualTo("1 process, GIL on, cpu 1000");
        assertThat(label("processes", 64, "gil")).isEqualTo("64 processes, GIL on, cpu 1000");
        assertThat(label("threads", 1, "free-threaded")).isEqualTo("1 thread, no GIL, cpu 1000");
        assertThat(label("threads", 2, "per-interpreter")).isEqualTo("2 threads, one GIL per worker, cpu 1000");
    }

    @Test
    void sequentialAndProcessPerTaskRunsSayHowTheyRun() {
        assertThat(label("sequential", 1, "gil")).isEqualTo("1 thread, sequential, GIL on, cpu 1000");
        assertThat(label("process-per-task", 1, "gil")).isEqualTo("1 process, one per task, GIL on, cpu 1000");
        assertThat(label("process-per-task", 2, "gil")).isEqualTo("2 processes, one per task, GIL on, cpu 1000");
    }
}
