package lab.gil.cores;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Measures what one per-core sample costs: OSHI and, on Linux, a direct read of {@code /proc/stat}.
 *
 * <p>Run with {@code ./mvnw -q test-compile exec:exec@core-sampler-bench}. Each sample is the sampler's whole work:
 * read the ticks, compute utilization, build the {@link CoreSample}. The sources take turns sample by sample, so that
 * both see the same state of this (shared, virtual) machine. Samples paced {@link #PACE} apart come closer to the real
 * sampler, whose caches cool between samples, than samples taken back to back, which are printed for comparison.
 */
public final class CoreSamplerBenchmark {

    private static final int WARM_UP_SAMPLES = 300;
    private static final int MEASURED_SAMPLES = 2_000;
    private static final Duration PACE = Duration.ofMillis(1);

    /** How long the live sampler runs at its fastest period for its self-reported cost. */
    private static final int LIVE_SAMPLES = 100;
    private static final Duration LIVE_TIMEOUT = Duration.ofSeconds(30);

    private CoreSamplerBenchmark() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, CoreTickSource> sources = new LinkedHashMap<>();
        sources.put("OSHI 7.5.0 getProcessorCpuLoadTicks", new OshiTickSource());
        if (System.getProperty("os.name").startsWith("Linux")) {
            sources.put("/proc/stat read directly", new ProcStatTickSource());
        }
        Map<String, Sampling> samplings = new LinkedHashMap<>();
        sources.forEach((name, source) -> samplings.put(name, new Sampling(source)));

        System.out.printf("Per-core sample cost, %d samples per source and row after %d warm-up, %d logical cores,"
                        + " Java %s, %s %s%n",
                MEASURED_SAMPLES, WARM_UP_SAMPLES, sources.values().iterator().next().coreCount(),
                Runtime.version(), System.getProperty("os.name"), System.getProperty("os.version"));
        System.out.printf("%-52s %10s %10s %10s %10s%n", "source", "median us", "p99 us", "max us", "mean us");
        printRows(measure(samplings, PACE), "paced " + PACE.toMillis() + " ms");
        printRows(measure(samplings, Duration.ZERO), "back to back");
        reportLiveSampler();
    }

    /* Takes turns between the sources, sample by sample, and returns each one's costs in nanoseconds. */
    private static Map<String, long[]> measure(Map<String, Sampling> samplings, Duration pace) {
        Map<String, long[]> costs = new LinkedHashMap<>();
        samplings.keySet().forEach(name -> costs.put(name, new long[MEASURED_SAMPLES]));
        for (int i = -WARM_UP_SAMPLES; i < MEASURED_SAMPLES; i++) {
            for (var entry : samplings.entrySet()) {
                long nanos = entry.getValue().sampleOnce();
                if (i >= 0) {
                    costs.get(entry.getKey())[i] = nanos;
                }
                if (!pace.isZero()) {
                    LockSupport.parkNanos(pace.toNanos());
                }
            }
        }
        return costs;
    }

    private static void printRows(Map<String, long[]> costs, String how) {
        costs.forEach((name, nanos) -> {
            Arrays.sort(nanos);
            System.out.printf("%-52s %10.1f %10.1f %10.1f %10.1f%n", name + ", " + how,
                    micros(percentile(nanos, 0.50)), micros(percentile(nanos, 0.99)), micros(nanos[nanos.length - 1]),
                    Arrays.stream(nanos).average().orElse(0) / 1e3);
        });
    }

    /* The CoreSampler itself at its fastest period, as its gauge reports it. */
    private static void reportLiveSampler() throws InterruptedException {
        CoreSampler sampler = new CoreSampler(new CoreSamplerProperties(CoreSamplerProperties.MIN_PERIOD),
                new SimpleMeterRegistry());
        CountDownLatch enoughSamples = new CountDownLatch(LIVE_SAMPLES);
        sampler.subscribe(s -> enoughSamples.countDown());
        sampler.start();
        try {
            if (!enoughSamples.await(LIVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("CoreSampler: fewer than " + LIVE_SAMPLES + " samples within " + LIVE_TIMEOUT);
                return;
            }
        } finally {
            sampler.stop();
        }
        SampleCost cost = sampler.sampleCost();
        System.out.printf("CoreSampler (OSHI) every %s: %d samples, recent mean %.1f us, max %.1f us%n",
                sampler.period().toMillis() + " ms", cost.samples(), micros(cost.recentMean().toNanos()),
                micros(cost.max().toNanos()));
    }

    private static long percentile(long[] sorted, double fraction) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
    }

    private static double micros(long nanos) {
        return nanos / 1e3;
    }

    /** One source's sampling state, doing exactly what the sampler does per sample. */
    private static final class Sampling {

        private final CoreTickSource source;
        private final long[] busy;
        private final long[] idle;
        private final TickDeltas deltas;
        /** Keeps the JIT from discarding the work. */
        private double sink;

        Sampling(CoreTickSource source) {
            this.source = source;
            this.busy = new long[source.coreCount()];
            this.idle = new long[source.coreCount()];
            source.read(busy, idle);
            this.deltas = new TickDeltas(busy, idle);
        }

        long sampleOnce() {
            long start = System.nanoTime();
            source.read(busy, idle);
            sink += CoreSample.of(System.currentTimeMillis(), deltas.advance(busy, idle)).total();
            return System.nanoTime() - start;
        }
    }
}
