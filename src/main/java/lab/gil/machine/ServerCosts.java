package lab.gil.machine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What work costs on this server: CPython's figures, and what one emulated loop iteration was measured to cost in
 * each kind of worker once calibrated to them (the same figure in all three, when the calibration holds).
 *
 * @param cpython           CPython's costs here
 * @param threadNs          one emulated iteration in a thread of the server
 * @param processNs         one emulated iteration in a worker process; NaN when the server has no worker processes
 * @param greenletNs        one emulated iteration in a greenlet
 * @param measuredAt        when these were measured (at this server's start, or at an earlier start on the same
 *                          machine: {@link KeptMeasurement}); null when nothing was
 */
public record ServerCosts(CPythonCosts cpython, double threadNs, double processNs, double greenletNs,
                          Instant measuredAt) {

    private static final DateTimeFormatter UTC_MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** CPython's assumed costs, with every kind at the same figure: what lessons read before anything is measured. */
    static final ServerCosts FALLBACK = new ServerCosts(CPythonCosts.FALLBACK, CPythonCosts.FALLBACK.nsPerIteration(),
            CPythonCosts.FALLBACK.nsPerIteration(), CPythonCosts.FALLBACK.nsPerIteration(), null);

    /** Whether this server has worker processes, and so a figure for them. */
    public boolean hasProcesses() {
        return !Double.isNaN(processNs);
    }

    /** When these were measured, to the minute in UTC (such as 2026-12-08 01:31 UTC); empty when never. */
    public String measuredAtUtc() {
        return measuredAt == null ? "" : UTC_MINUTE.format(measuredAt);
    }
}
