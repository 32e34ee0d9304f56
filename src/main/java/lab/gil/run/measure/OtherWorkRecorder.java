package lab.gil.run.measure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import lab.gil.cores.CoreSample;
import lab.gil.cores.CoreSampleListener;
import lab.gil.cores.CoreSampler;
import lab.gil.cores.Subscription;
import lab.gil.run.execution.Measurement;
import lab.gil.run.summary.RunSummary;

/**
 * Records how busy the whole machine was, from the per-core sampler, while a run's clock runs, and tells how much of
 * that was other work than the run's own CPU: the server streaming to its viewers, other programs, other machines
 * sharing the host.
 *
 * <p>Invariant: keeps at most {@code capacity} samples, the newest, each with the {@link System#nanoTime()} it
 * arrived at; a sample covers the time since the one before it, so the first one kept covers an unknown span and
 * is never counted. Samples arrive on the sampler's thread, the figure is asked for on the run's.
 */
final class OtherWorkRecorder implements CoreSampleListener, AutoCloseable {

    /*
     * Only whole samples inside the run's window count, never a sample that straddles its start or end. A
     * straddling sample mixes the run with what came just before or after it on this server: the one-worker
     * baseline that precedes the run, worker processes warming up before the clock, the baseline measured again
     * right after it. Prorating such a sample would charge that work, or the run's own start and end, to "other
     * work". Inside the window the run's own CPU is taken as spread evenly over its wall time, which is what the
     * run's CPU over wall time already says on the page.
     *
     * The price is that a run must hold enough whole samples: Linux counts CPU time in 10 ms ticks, so each reading
     * may be off by a tick per core, about 0.08 cores on 2 cores over half a second. Shorter than that, the figure
     * would be noise of the size of the threshold that marks a run as disturbed, so it is left out (null).
     */
    /** Less than this much time covered by whole samples, and the figure is unknown rather than noise. */
    static final Duration MIN_COVERED = Duration.ofMillis(500);

    /** One sample's span of time and how many cores were busy on average during it. */
    record Slice(long fromNanos, long toNanos, double busyCores) {}

    /** The subscription that feeds this recorder; null when there is no sampler. */
    private final Subscription subscription;
    /** When a sample arrives, in nanoseconds: {@link System#nanoTime()}, the run's clock. */
    private final LongSupplier clock;
    /** How many samples are kept: enough to cover the longest run allowed. */
    private final int capacity;
    /** Guards the ring of samples below. */
    private final Object lock = new Object();
    /** Arrival times of the kept samples, a ring; guarded by {@link #lock}. */
    private final long[] arrivals;
    /** Busy cores of the kept samples (utilization times cores), a ring; guarded by {@link #lock}. */
    private final double[] busy;
    /** Samples received so far; the newest is at {@code (received - 1) % capacity}. Guarded by {@link #lock}. */
    private long received;
    /** Logical cores of the machine, from the samples; 0 until one arrived. Guarded by {@link #lock}. */
    private int cores;

    /** A recorder fed by hand (for tests), keeping {@code capacity} samples, stamped by {@code clock}. */
    OtherWorkRecorder(int capacity, LongSupplier clock) {
        this(null, capacity, clock);
    }

    private OtherWorkRecorder(CoreSampler sampler, int capacity, LongSupplier clock) {
        this.capacity = capacity;
        this.clock = clock;
        this.arrivals = new long[capacity];
        this.busy = new double[capacity];
        this.subscription = sampler == null ? null : sampler.subscribe(this);
    }

    /**
     * Starts recording the machine's samples, enough of them for a run of {@code longestRun}; without a sampler
     * ({@code null}) nothing is recorded and the figure is unknown.
     */
    static OtherWorkRecorder start(CoreSampler sampler, Duration longestRun) {
        // Three more than the longest run holds: the sample whose span is unknown, and the two that straddle the
        // start and the end. At most 30,003 (10 minutes at 20 ms), as both are bounded by their properties.
        int capacity = sampler == null ? 1 : (int) (longestRun.toNanos() / sampler.period().toNanos()) + 3;
        return new OtherWorkRecorder(sampler, capacity, System::nanoTime);
    }

    @Override
    public void onSample(CoreSample sample) {
        long now = clock.getAsLong();
        synchronized (lock) {
            int slot = (int) (received % capacity);
            arrivals[slot] = now;
            busy[slot] = sample.total() * sample.coreCount();
            cores = sample.coreCount();
            received++;
        }
    }

    /** Stops recording. */
    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
    }

    /**
     * Other work while the measured run's clock ran, or null when unknown: no sampler, or too little of the run
     * covered by whole samples.
     */
    RunSummary.OtherWork during(Measurement run) {
        List<Slice> slices = new ArrayList<>();
        int machineCores;
        synchronized (lock) {
            machineCores = cores;
            long kept = Math.min(received, capacity);
            for (long i = received - kept + 1; i < received; i++) {
                slices.add(new Slice(arrivals[(int) ((i - 1) % capacity)], arrivals[(int) (i % capacity)],
                        busy[(int) (i % capacity)]));
            }
        }
        return account(slices, machineCores, run.startNanos(), run.wallNanos(), run.cpuNanos());
    }

    /**
     * Other work during the window from {@code startNanos} for {@code wallNanos}: the busy cores of the samples
     * wholly inside it, less the run's own CPU spread over its wall time; null when less than {@link #MIN_COVERED}
     * of the window is covered by whole samples.
     */
    static RunSummary.OtherWork account(List<Slice> slices, int machineCores, long startNanos, long wallNanos,
                                        long ownCpuNanos) {
        long endNanos = startNanos + wallNanos;
        long covered = 0;
        double busyCoreNanos = 0;
        for (Slice s : slices) {
            if (s.fromNanos() >= startNanos && s.toNanos() <= endNanos && s.toNanos() > s.fromNanos()) {
                long span = s.toNanos() - s.fromNanos();
                covered += span;
                busyCoreNanos += s.busyCores() * span;
            }
        }
        if (machineCores <= 0 || wallNanos <= 0 || covered < MIN_COVERED.toNanos()) {
            return null;
        }
        double ownCores = (double) ownCpuNanos / wallNanos;
        // Below 0 only by the ticks' rounding: the run cannot have used more than the machine did.
        double otherCores = Math.clamp(busyCoreNanos / covered - ownCores, 0, machineCores);
        return new RunSummary.OtherWork(otherCores, machineCores, covered / 1e6);
    }
}
