package lab.gil.machine;

/**
 * What work costs on this server: CPython's figures, and what one emulated loop iteration was measured to cost in
 * each kind of worker once calibrated to them (the same figure in all three, when the calibration holds).
 *
 * @param cpython           CPython's costs here
 * @param threadNs          one emulated iteration in a thread of the server
 * @param processNs         one emulated iteration in a worker process; NaN when the server has no worker processes
 * @param greenletNs        one emulated iteration in a greenlet
 */
public record ServerCosts(CPythonCosts cpython, double threadNs, double processNs, double greenletNs) {

    /** CPython's assumed costs, with every kind at the same figure: what lessons read before anything is measured. */
    /** Whether this server has worker processes, and so a figure for them. */
    public boolean hasProcesses() {
        return !Double.isNaN(processNs);
    }

    static final ServerCosts FALLBACK = new ServerCosts(CPythonCosts.FALLBACK, CPythonCosts.FALLBACK.nsPerIteration(),
            CPythonCosts.FALLBACK.nsPerIteration(), CPythonCosts.FALLBACK.nsPerIteration());
}
