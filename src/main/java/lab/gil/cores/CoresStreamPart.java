package lab.gil.cores;

import lab.gil.stream.PageStream;
import lab.gil.stream.PageStreamPart;
import org.springframework.stereotype.Component;

/**
 * The machine's per-core utilization on a page's stream ({@code ?cores}), as events named {@code cores}. A new page
 * gets the last seconds at once, to fill its chart; a page that reopens its stream says which sample it has
 * ({@code &coresAfter=} its epoch millis) and gets only newer ones. Samples carry no id: they need no resuming
 * beyond what is kept, and a page drops a sample it already has.
 */
@Component
class CoresStreamPart implements PageStreamPart {

    private final CoreStream stream;

    CoresStreamPart(CoreStream stream) {
        this.stream = stream;
    }

    @Override
    public void join(PageStream page) {
        if (page.parameter("cores").isEmpty()) {
            return;
        }
        long after = page.parameter("coresAfter").map(CoresStreamPart::millis).orElse(0L);
        page.follow(stream.channel(), e -> e.data() instanceof CoreSample s && s.epochMillis() > after);
    }

    private static long millis(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
