package lab.gil.run.greenlet;

import com.fasterxml.jackson.annotation.JsonTypeName;
import lab.gil.run.summary.KindFigures;

/**
 * What greenlets cost and how long they waited for their hub.
 *
 * @param startMillis         time to spawn every greenlet, inside the run's clock (as {@code gevent.spawn} is)
 * @param bytesPerGreenlet    memory allocated per greenlet from spawning until each had run to its first wait, or -1
 *                            when not measured
 * @param hubWaits            times a greenlet was ready (its wait ended, an item came) and waited for its turn
 * @param hubWaitMedianMillis median time from a greenlet's wait ending to its running again: how long it waited
 *                            because another greenlet was computing
 * @param hubWaitMaxMillis    the longest such time
 */
@JsonTypeName(GreenletKind.NAME)
public record GreenletFigures(double startMillis, long bytesPerGreenlet, long hubWaits, double hubWaitMedianMillis,
                              double hubWaitMaxMillis) implements KindFigures {

    /** Whether the memory per greenlet was measured. */
    public boolean hasMemory() {
        return bytesPerGreenlet >= 0;
    }

    @Override
    public String summaryTemplate() {
        return GreenletKind.SUMMARY_TEMPLATE;
    }
}
