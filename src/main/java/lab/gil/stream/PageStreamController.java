package lab.gil.stream;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A page's one event stream: {@code /events?cores&class=CODE&console=CODE&run=ID}, each parameter read by the
 * feature that serves it ({@link PageStreamPart}). A browser opens at most six connections to one server, so a
 * page that held one stream per feature left a student with two tabs waiting for a free connection.
 */
@RestController
class PageStreamController {

    private final SseStreams streams;
    private final List<PageStreamPart> parts;

    PageStreamController(SseStreams streams, List<PageStreamPart> parts) {
        this.streams = streams;
        this.parts = parts;
    }

    @GetMapping(path = "/events", produces = "text/event-stream")
    SseEmitter streamPage(HttpServletRequest request,
                          @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                          @RequestParam(name = "lastEventId", required = false) String resumeAfter) {
        return streams.connect(request, SseStreams.lastEventId(lastEventId, resumeAfter), parts);
    }
}
