package lab.gil.cores;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one sampler of the machine's per-core CPU utilization, shared by every viewer however many there are.
 *
 * <p>Invariant: while running, a single daemon platform thread named {@value #THREAD_NAME} takes a sample every
 * {@link #period()} and hands it to every subscribed listener in turn; a listener that throws is logged and neither
 * stops the sampling nor the other listeners. Samples are never delivered in bursts: after a stall (a long pause or a
 * slow listener) the sampler skips the missed periods instead of catching up.
 */
@Component
public class CoreSampler implements SmartLifecycle {

    static final String THREAD_NAME = "core-sampler";

    /** How long {@link #stop()} waits for the sampling thread to finish its current sample. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(CoreSampler.class);

    /** Time between two samples, validated by the properties. */
    private final Duration period;

    /** Where the ticks come from; only the sampling thread reads ticks from it. */
    private final CoreTickSource source;

    /** Current subscriptions; copy-on-write because samples are delivered far more often than listeners change. */
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();

    /** What sampling has cost, for the gauge and {@link #sampleCost()}. */
    private final SampleCostStats cost = new SampleCostStats();

    /** Guards starting and stopping, so that there is never more than one sampling thread. */
    private final Object lifecycleLock = new Object();

    /** The sampling thread, null when stopped. Guarded by {@link #lifecycleLock}. */
    private Thread samplingThread;

    /** Most recent sample, null until the first period has passed; written only by the sampling thread. */
    private volatile CoreSample latest;

    /** Samples machine-wide utilization through OSHI, every {@code properties.samplePeriod()}. */
    @Autowired // the package-private constructor below is for tests
    public CoreSampler(CoreSamplerProperties properties, MeterRegistry meterRegistry) {
        this(properties, meterRegistry, new OshiTickSource());
    }

    CoreSampler(CoreSamplerProperties properties, MeterRegistry meterRegistry, CoreTickSource source) {
        this.period = properties.samplePeriod();
        this.source = source;
        Gauge.builder("gillab.cores.sample.cost", cost, c -> c.recentMeanNanos() / 1e9)
                .baseUnit("seconds")
                .description("Mean time the core sampler spent per sample over its recent samples")
                .register(meterRegistry);
        Gauge.builder("gillab.cores.count", source, CoreTickSource::coreCount)
                .description("Logical cores of the machine, one utilization series each")
                .register(meterRegistry);
        // The latest sample, not an average of samples: a scraper every 15 s sees one 100 ms glimpse per core,
        // enough for a dashboard of several servers; the live chart on the pages has every sample.
        for (int core = 0; core < source.coreCount(); core++) {
            int index = core;
            Gauge.builder("gillab.cores.utilization", this, s -> s.latest().filter(l -> index < l.coreCount())
                            .map(l -> l.cores().get(index)).orElse(Double.NaN))
                    .tag("core", Integer.toString(index))
                    .description("Utilization of one logical core in the latest sample, 0 (idle) to 1 (busy)")
                    .register(meterRegistry);
        }
    }

    /**
     * Delivers every future sample to {@code listener} until the returned subscription is closed. The listener runs on
     * the sampler's thread and must return quickly (see {@link CoreSampleListener}).
     */
    public Subscription subscribe(CoreSampleListener listener) {
        Registration registration = new Registration(Objects.requireNonNull(listener, "listener"));
        registrations.add(registration);
        return registration;
    }

    /** The most recent sample, empty until one period has passed after {@link #start()}. */
    public Optional<CoreSample> latest() {
        return Optional.ofNullable(latest);
    }

    /** Number of logical cores, i.e. values per sample. */
    public int coreCount() {
        return source.coreCount();
    }

    /** Time between two samples. */
    public Duration period() {
        return period;
    }

    /** What the sampling work (reading ticks, computing utilization) has cost so far. */
    public SampleCost sampleCost() {
        return new SampleCost(cost.count(), Duration.ofNanos(Math.round(cost.recentMeanNanos())),
                Duration.ofNanos(cost.maxNanos()));
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (samplingThread != null) {
                return;
            }
            samplingThread = Thread.ofPlatform().name(THREAD_NAME).daemon(true).start(this::sampleUntilInterrupted);
        }
    }

    /** Stops sampling and waits (up to {@link #STOP_TIMEOUT}) for the sampling thread to end. */
    @Override
    public void stop() {
        Thread stopping;
        synchronized (lifecycleLock) {
            stopping = samplingThread;
            samplingThread = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.interrupt();
        try {
            if (!stopping.join(STOP_TIMEOUT)) {
                log.warn("The core sampler did not stop within {}: a listener is blocking it", STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lifecycleLock) {
            return samplingThread != null;
        }
    }

    /* The sampling thread's whole life: a baseline reading, then one sample per period until interrupted. */
    private void sampleUntilInterrupted() {
        int cores = source.coreCount();
        long[] busy = new long[cores];
        long[] idle = new long[cores];
        TickDeltas deltas = null; // until a first reading has succeeded
        boolean lastReadFailed = false;
        long periodNanos = period.toNanos();
        long deadline = System.nanoTime();
        do {
            try {
                if (deltas == null) {
                    source.read(busy, idle);
                    deltas = new TickDeltas(busy, idle);
                } else {
                    sampleOnce(deltas, busy, idle);
                }
                if (lastReadFailed) {
                    log.info("Reading the CPU ticks works again");
                }
                lastReadFailed = false;
            } catch (RuntimeException e) {
                // Once per outage, not ten times a second.
                if (!lastReadFailed) {
                    log.warn("Reading the CPU ticks failed; trying again every period", e);
                }
                lastReadFailed = true;
            }
            deadline += periodNanos;
            long now = System.nanoTime();
            if (now - deadline > 0) {
                deadline = now + periodNanos; // skip the missed periods rather than deliver a burst
            }
        } while (sleepUntil(deadline));
    }

    private void sampleOnce(TickDeltas deltas, long[] busy, long[] idle) {
        long startNanos = System.nanoTime();
        long epochMillis = System.currentTimeMillis();
        source.read(busy, idle);
        CoreSample sample = CoreSample.of(epochMillis, deltas.advance(busy, idle));
        cost.record(System.nanoTime() - startNanos);
        latest = sample;
        for (Registration registration : registrations) {
            registration.deliver(sample);
        }
    }

    /** Sleeps until {@code deadline} (a {@link System#nanoTime()} value); false once the thread is interrupted. */
    private static boolean sleepUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !Thread.currentThread().isInterrupted();
    }

    /** One listener's subscription; its monitor orders delivery against {@link #close()}. */
    private final class Registration implements Subscription {

        /** The subscriber. */
        private final CoreSampleListener listener;

        /** Set once by close(); guarded by {@code this}, so no delivery starts after close() returns. */
        private boolean closed;

        /** Whether this listener has thrown before: only its first failure gets a stack trace. Guarded by this. */
        private boolean failedBefore;

        Registration(CoreSampleListener listener) {
            this.listener = listener;
        }

        synchronized void deliver(CoreSample sample) {
            if (closed) {
                return;
            }
            try {
                listener.onSample(sample);
            } catch (RuntimeException e) {
                if (!failedBefore) {
                    failedBefore = true;
                    log.warn("Core sample listener {} threw; it stays subscribed, later failures are logged at debug",
                            listener, e);
                } else {
                    log.debug("Core sample listener {} threw again: {}", listener, e.toString());
                }
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            registrations.remove(this);
        }
    }
}
