package lab.gil.cpython.fidelity;

import java.lang.management.ManagementFactory;
import java.time.Instant;

/**
 * When this server started: it measures its calibration against CPython right after every start, so a fidelity
 * check older than this was made against an earlier calibration (perhaps another machine, or other cores).
 */
final class ServerStart {

    private static final Instant STARTED = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());

    private ServerStart() {}

    static Instant instant() {
        return STARTED;
    }
}
