package lab.gil.run.thread;

import com.fasterxml.jackson.annotation.JsonTypeName;
import lab.gil.run.summary.KindFigures;

/**
 * A run on the server's threads has nothing of its own to tell beyond the GIL's figures, which every kind has: its
 * record names its kind and its summary fragment.
 */
@JsonTypeName(ThreadKind.NAME)
public record ThreadFigures() implements KindFigures {

    @Override
    public String summaryTemplate() {
        return ThreadKind.SUMMARY_TEMPLATE;
    }
}
