package lab.gil.run.web;

import java.util.Set;
import lab.gil.run.RunService;
import lab.gil.stream.PageStream;
import lab.gil.stream.PageStreamPart;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The run a page follows, on the page's stream ({@code ?run=ID}): its state, progress and lanes, resumed after the
 * page's last event id. A run's event ids are the same on every server of a cluster, so a page resumes on any.
 */
@Component
class RunStreamPart implements PageStreamPart {

    /**
     * A run's events that no page draws: {@code summary} is the copy of a finished run's figures that the servers
     * mirroring the run read (RunRelay). A page gets a finished run's figures as HTML, in the one response that
     * brings the page up to date (RunController), never twice.
     */
    private static final Set<String> NOT_FOR_PAGES = Set.of("summary");

    private final RunService runs;

    RunStreamPart(RunService runs) {
        this.runs = runs;
    }

    @Override
    public void join(PageStream page) {
        page.parameter("run").filter(id -> !id.isEmpty()).ifPresent(id -> runs.find(id).ifPresentOrElse(
                run -> page.followAfterLastEventId(run.events(), e -> !NOT_FOR_PAGES.contains(e.name())),
                () -> page.unavailable(HttpStatus.NOT_FOUND, "No run " + id + " on this server.")));
    }
}
