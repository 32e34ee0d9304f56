package lab.gil.run.web;

import java.util.List;
import lab.gil.program.TaskProgram;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.measure.Progress;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/** A run as the page and its JSON export show it: a consistent snapshot of a run that keeps changing. */
public record RunView(String id, String state, boolean active, int queuePosition, Progress progress,
                      RunSummary summary, String message, String lessonId, String prediction, ScenarioView scenario) {

    /** A scenario's knobs in the form's own words. */
    public record ScenarioView(String executor, int workers, int tasks, List<String> programs, boolean split,
                               String gil, double switchIntervalMillis) {

        public static ScenarioView of(Scenario s) {
            return new ScenarioView(s.executor().id(), s.workers(), s.tasks(),
                    s.programs().stream().map(TaskProgram::text).toList(), s.split(), ScenarioParser.gilId(s.gil()),
                    s.switchInterval().toNanos() / 1e6);
        }
    }

    /**
     * A run in a few words for lists and comparisons: "2 threads, GIL on, cpu 20000000", "1 process, one per task,
     * ...".
     */
    public String label() {
        String gil = switch (scenario.gil()) {
            case "gil" -> "GIL on";
            case "free-threaded" -> "no GIL";
            default -> "one GIL per worker";
        };
        ExecutorKind kind = ExecutorKind.byId(scenario.executor()).orElseThrow();
        String how = switch (kind) {
            case SEQUENTIAL -> ", sequential";
            case PROCESS_PER_TASK -> ", one per task";
            case THREADS, PROCESSES, GREENLETS -> "";
        };
        if (kind == ExecutorKind.GREENLETS) {
            gil = "one hub"; // greenlets take turns on one thread whatever the GIL
        }
        return kind.workers(scenario.workers()) + how + ", " + gil + ", " + String.join(" / ", scenario.programs());
    }

    public static RunView of(Run run, RunService service) {
        RunState state = run.state();
        return new RunView(run.id(), state.id(), !state.finished(),
                state == RunState.QUEUED ? service.position(run) : 0, run.progress(), run.summary(), run.message(),
                run.lessonId(), run.prediction(), ScenarioView.of(run.scenario()));
    }
}
