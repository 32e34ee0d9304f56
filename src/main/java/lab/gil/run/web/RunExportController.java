package lab.gil.run.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.trace.RunTrace;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * A run as a file to keep: JSON with its scenario, summary and trace, or CSV with one row per lane segment
 * (the summary in comment lines above it, so that {@code pandas.read_csv(f, comment="#")} reads the table).
 */
@RestController
class RunExportController {

    private final RunService runs;

    RunExportController(RunService runs) {
        this.runs = runs;
    }

    /** The JSON export: what the run page shows, and its lanes when they are still kept. */
    record RunExport(RunView run, RunTrace.Snapshot trace) {}

    @GetMapping(path = "/runs/{id}/export.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RunExport> exportJson(@PathVariable String id) {
        Run run = find(id);
        RunExport export = new RunExport(RunView.of(run, runs), run.trace().map(RunTrace::snapshot).orElse(null));
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, attachment(id, "json")).body(export);
    }

    @GetMapping(path = "/runs/{id}/export.csv", produces = "text/csv")
    ResponseEntity<String> exportCsv(@PathVariable String id) {
        Run run = find(id);
        RunView view = RunView.of(run, runs);
        StringBuilder csv = new StringBuilder();
        csv.append("# GIL Lab run ").append(id).append(", state ").append(view.state()).append('\n');
        RunView.ScenarioView s = view.scenario();
        csv.append("# scenario: ").append(s.executor()).append(", ").append(s.workers()).append(" workers, ")
                .append(s.tasks()).append(" tasks, gil ").append(s.gil()).append(", switch interval ")
                .append(fmt(s.switchIntervalMillis())).append(" ms, programs ")
                .append(String.join(" | ", s.programs())).append('\n');
        if (view.prediction() != null) {
            csv.append("# predicted: ").append(view.prediction().replace('\n', ' ')).append('\n');
        }
        RunSummary sum = view.summary();
        if (sum != null) {
            csv.append("# wall_ms ").append(fmt(sum.wallMillis())).append(", cpu_ms ").append(fmt(sum.cpuMillis()))
                    .append(", speedup ").append(fmt(sum.speedup())).append(", parallel_efficiency ")
                    .append(fmt(sum.parallelEfficiency())).append(", gil_wait_share ").append(fmt(sum.gil().waitShare()))
                    .append(", gil_switches ").append(sum.gil().switches()).append(", bytes_copied ")
                    .append(sum.system().bytesCopied()).append(", context_switches ")
                    .append(sum.system().voluntaryContextSwitches() + sum.system().involuntaryContextSwitches())
                    .append('\n');
        }
        csv.append("worker,state,start_us,end_us,duration_us\n");
        run.trace().ifPresent(trace -> {
            RunTrace.Snapshot snap = trace.snapshot();
            if (snap.capped()) {
                csv.append("# capped: the first ").append(snap.capacity()).append(" state changes are kept, ")
                        .append(snap.overCapacity()).append(" later ones are not\n");
            }
            segments(snap).forEach(row -> csv.append(row).append('\n'));
        });
        return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, attachment(id, "csv"))
                .contentType(new MediaType("text", "csv")).body(csv.toString());
    }

    /** One row per segment: a state from one change to the same worker's next (or the end of the trace). */
    private static List<String> segments(RunTrace.Snapshot snap) {
        List<List<long[]>> byWorker = new ArrayList<>();
        for (int w = 0; w < snap.workers(); w++) {
            byWorker.add(new ArrayList<>());
        }
        for (long[] c : snap.changes()) {
            if (c[0] < byWorker.size()) {
                byWorker.get((int) c[0]).add(c);
            }
        }
        List<String> rows = new ArrayList<>();
        for (int w = 0; w < byWorker.size(); w++) {
            List<long[]> lane = byWorker.get(w);
            for (int i = 0; i < lane.size(); i++) {
                long start = lane.get(i)[2];
                long end = i + 1 < lane.size() ? lane.get(i + 1)[2] : snap.endMicros();
                String state = snap.states().get((int) lane.get(i)[1]);
                rows.add(w + "," + state + "," + start + "," + end + "," + (end - start));
            }
        }
        return rows;
    }

    private static String attachment(String id, String extension) {
        return ContentDisposition.attachment().filename("gil-lab-run-" + id + "." + extension).build().toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private Run find(String id) {
        return runs.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No run " + id + "."));
    }
}
