package lab.gil.run;

import java.util.Optional;
import lab.gil.stream.EventChannel;

/**
 * Where ended runs are kept beyond the memory of the server that executed them, so that their result, lanes and
 * exports stay readable from every server, after a restart, and after that server is gone.
 */
public interface FinishedRuns {

    /** Keeps a run this server executed, now that it has ended. Failing to keep it fails nothing else. */
    void keep(Run run);

    /** The run kept under {@code id}, its stream already ended; empty when none is. */
    Optional<Run> find(String id, EventChannel.SubscriberCount viewers);

    /** Keeps nothing: a server without a database (a web slice in tests). */
    FinishedRuns NONE = new FinishedRuns() {
        @Override
        public void keep(Run run) {}

        @Override
        public Optional<Run> find(String id, EventChannel.SubscriberCount viewers) {
            return Optional.empty();
        }
    };
}
