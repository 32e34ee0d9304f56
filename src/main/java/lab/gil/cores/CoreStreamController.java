package lab.gil.cores;

import lab.gil.stream.SseStreams;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Streams the machine's per-core utilization to any page as server-sent events named {@code cores}. */
@RestController
class CoreStreamController {

    private final CoreStream stream;
    private final SseStreams streams;

    CoreStreamController(CoreStream stream, SseStreams streams) {
        this.stream = stream;
        this.streams = streams;
    }

    @GetMapping(path = "/cores/events", produces = "text/event-stream")
    SseEmitter streamCores(@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
                           @RequestParam(name = "lastEventId", required = false) String resumeAfter) {
        // A new page gets the last seconds to fill its chart at once; a reconnecting one gets what it missed.
        long from = SseStreams.lastEventId(lastEventId, resumeAfter);
        return streams.connect(stream.channel(), from);
    }
}
