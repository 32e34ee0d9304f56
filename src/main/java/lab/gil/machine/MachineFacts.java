package lab.gil.machine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * What this server knows of the machine it runs on: the cores it may use, the cores the kernel lists, how much of
 * several cores' work it really gets done at once, and what CPython's work costs here. Lessons are written against
 * these figures (see {@link #figures()}), so that they are true on the server that runs them.
 *
 * <p>Immutable. The cores are known at once; the capacity and the costs are measured once after start-up, and until
 * then the capacity is the ideal one (k threads do k times the work, up to the usable cores) and the costs are
 * absent ({@link #measured()} is false).
 *
 * @param allowance   the cores this server may use
 * @param listedCores the cores the kernel lists, as many as the per-core chart draws (a container sees its host's)
 * @param capacity    index k: how many times one thread's work k busy threads get done at once, as measured (index
 *                    1 is 1; indexes not measured are 0)
 * @param costs       what CPython's work costs here and what each kind of worker charges for it; null until measured
 */
public record MachineFacts(CpuAllowance allowance, int listedCores, double[] capacity, ServerCosts costs) {

    public MachineFacts {
        capacity = capacity.clone();
        if (listedCores < 1) {
            throw new IllegalArgumentException("the kernel lists at least one core, not " + listedCores);
        }
    }

    /** The facts known before anything is measured: the cores, and the ideal capacity. */
    public static MachineFacts unmeasured(CpuAllowance allowance, int listedCores) {
        return new MachineFacts(allowance, listedCores, new double[] {0, 1}, null);
    }

    /** The same facts with what was measured after start-up. */
    public MachineFacts measured(double[] measuredCapacity, ServerCosts measuredCosts) {
        return new MachineFacts(allowance, listedCores, measuredCapacity, measuredCosts);
    }

    /** Whether the capacity and the costs have been measured. */
    public boolean measured() {
        return costs != null;
    }

    /** The cores' worth of CPU time this server may use at once (affinity and quota). */
    public int usableCores() {
        return allowance.usableCores();
    }

    /** The cgroup quota in cores, when there is one. */
    public OptionalDouble quotaCores() {
        return allowance.quotaCores();
    }

    /** Whether the kernel's core with this id is one this server may run on. */
    public boolean owns(int coreId) {
        return allowance.owns(coreId) && coreId < listedCores;
    }

    /** One flag per listed core: whether this server may run on it. */
    public List<Boolean> ownCores() {
        Boolean[] own = new Boolean[listedCores];
        for (int i = 0; i < listedCores; i++) {
            own[i] = owns(i);
        }
        return List.of(own);
    }

    /**
     * How many times one thread's CPU work {@code threads} busy threads get done at once on this server: measured
     * for 2 and for every usable core, in between from a straight line through them, and the usable cores' figure
     * beyond (more threads than cores only take turns). Before it is measured: min(threads, usable cores, quota).
     */
    public double capacity(int threads) {
        if (threads < 1) {
            return 0;
        }
        int cores = usableCores();
        int k = Math.min(threads, cores);
        double measured = k == 1 ? 1 : k == 2 || cores == 2 ? at(2)
                : at(2) + (at(cores) - at(2)) * (k - 2) / (cores - 2);
        return Math.min(measured, ideal(k));
    }

    /** What k threads could do at best: k cores, within the usable ones and the quota. */
    private double ideal(int k) {
        return Math.min(k, Math.min(usableCores(), quotaCores().orElse(Double.MAX_VALUE)));
    }

    /** The measured capacity of k threads, or the ideal one when it was not measured. */
    private double at(int k) {
        return k < capacity.length && capacity[k] > 0 ? capacity[k] : ideal(k);
    }

    /**
     * The figures lesson files may name in their placeholders ({@code {{cores}}}), by name. Costs not measured yet
     * are absent, and a lesson that names one reads its fallback until they are.
     */
    public Map<String, Double> figures() {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put("cores", (double) usableCores());
        figures.put("machine-cores", (double) listedCores);
        figures.put("capacity", round(capacity(usableCores()), 1));
        figures.put("capacity-2", round(capacity(2), 1));
        ServerCosts c = costs != null ? costs : ServerCosts.FALLBACK;
        figures.put("iteration-ns", round(c.cpython().nsPerIteration(), 1));
        figures.put("copy-ms-per-mib", round(c.cpython().sendMillisPerMiB(), 2));
        figures.put("greenlet-wait-us", round(c.cpython().waitMicrosPerGreenlet(), 1));
        return figures;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachineFacts f && allowance.equals(f.allowance) && listedCores == f.listedCores
                && Arrays.equals(capacity, f.capacity) && java.util.Objects.equals(costs, f.costs);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(allowance, listedCores, Arrays.hashCode(capacity), costs);
    }

    @Override
    public String toString() {
        return "MachineFacts[" + allowance + ", listed " + listedCores + ", capacity " + Arrays.toString(capacity)
                + ", " + costs + "]";
    }
}
