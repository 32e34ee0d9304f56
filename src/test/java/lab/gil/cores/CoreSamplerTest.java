package lab.gil.cores;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;

/** The sampler on this machine's real CPU counters, read through OSHI. */
class CoreSamplerTest {

    /** The fastest period allowed, so that the tests wait as little as possible. */
    private static final Duration PERIOD = CoreSamplerProperties.MIN_PERIOD;

    /** Generous upper bound for a handful of samples to arrive, even on a loaded 2-core machine. */
    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(5);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private final CoreSampler sampler = new CoreSampler(new CoreSamplerProperties(PERIOD), registry);

    @AfterEach
    void stopSampler() {
        sampler.stop();
    }

    @Test
    void aSubscriberReceivesSamplesAtTheConfiguredPeriodNeverInABurst() throws InterruptedException {
        int samples = 6;
        CountDownLatch sixSamples = new CountDownLatch(samples);
        List<Long> arrivalNanos = new CopyOnWriteArrayList<>();
        sampler.subscribe(s -> {
            arrivalNanos.add(System.nanoTime());
            sixSamples.countDown();
        });
        sampler.start();

        assertThat(await(sixSamples)).as("%d samples within %s", samples, SAMPLE_TIMEOUT).isTrue();
        // Fixed rate without catch-up: n samples span at least n-2 periods even if the first one came late;
        // one more period of slack for delivery jitter.
        long spanNanos = arrivalNanos.get(samples - 1) - arrivalNanos.get(0);
        assertThat(spanNanos).isGreaterThanOrEqualTo(PERIOD.toNanos() * (samples - 3));
    }

    @Test
    void everyValueIsAFractionAndNeverNaN() throws InterruptedException {
        List<CoreSample> received = collect(5);
        assertThat(received).allSatisfy(sample -> {
            assertThat(sample.cores()).allSatisfy(core -> assertThat(core).isNotNaN().isBetween(0.0, 1.0));
            assertThat(sample.total()).isNotNaN().isBetween(0.0, 1.0);
        });
    }

    @Test
    void aSampleHasOneValuePerLogicalCore() throws InterruptedException {
        int logicalCores = new SystemInfo().getHardware().getProcessor().getLogicalProcessorCount();
        assertThat(sampler.coreCount()).isEqualTo(logicalCores);
        assertThat(collect(1).getFirst().cores()).hasSize(logicalCores);
    }

    @Test
    void everySubscriberReceivesTheSameSamplesFromTheOneSampler() throws InterruptedException {
        CountDownLatch threeSamplesToFirst = new CountDownLatch(3);
        CountDownLatch threeSamplesToSecond = new CountDownLatch(3);
        List<CoreSample> first = new CopyOnWriteArrayList<>();
        List<CoreSample> second = new CopyOnWriteArrayList<>();
        sampler.subscribe(s -> {
            first.add(s);
            threeSamplesToFirst.countDown();
        });
        sampler.subscribe(s -> {
            second.add(s);
            threeSamplesToSecond.countDown();
        });
        sampler.start();

        assertThat(await(threeSamplesToFirst)).isTrue();
        assertThat(await(threeSamplesToSecond)).isTrue();
        assertThat(List.copyOf(second).subList(0, 3)).containsExactlyElementsOf(List.copyOf(first).subList(0, 3));
    }

    @Test
    void latestIsEmptyBeforeStartAndTheLastDeliveredSampleAfterwards() throws InterruptedException {
        assertThat(sampler.latest()).isEmpty();
        List<CoreSample> received = collect(2);
        assertThat(sampler.latest()).isPresent();
        assertThat(sampler.latest().get().epochMillis()).isGreaterThanOrEqualTo(received.getLast().epochMillis());
    }

    @Test
    void closingASubscriptionStopsDeliveryToThatListenerOnly() throws InterruptedException {
        AtomicInteger closedListenerCalls = new AtomicInteger();
        CountDownLatch firstSampleToClosed = new CountDownLatch(1);
        Subscription toClose = sampler.subscribe(s -> {
            closedListenerCalls.incrementAndGet();
            firstSampleToClosed.countDown();
        });
        CountDownLatch threeSamplesAfterClose = new CountDownLatch(3);
        AtomicReference<CountDownLatch> witness = new AtomicReference<>(new CountDownLatch(0));
        sampler.subscribe(s -> witness.get().countDown());
        sampler.start();
        assertThat(await(firstSampleToClosed)).isTrue();

        toClose.close();
        int callsAtClose = closedListenerCalls.get();
        witness.set(threeSamplesAfterClose); // the witness tells that time has passed, without a sleep

        assertThat(await(threeSamplesAfterClose)).isTrue();
        assertThat(closedListenerCalls).hasValue(callsAtClose);
        toClose.close(); // closing twice is harmless
    }

    @Test
    void aThrowingListenerStopsNeitherTheSamplingNorTheOtherListeners() throws InterruptedException {
        CountDownLatch threeFailures = new CountDownLatch(3);
        sampler.subscribe(s -> {
            threeFailures.countDown();
            throw new IllegalStateException("a bad listener, on purpose");
        });
        CountDownLatch threeSamples = new CountDownLatch(3);
        sampler.subscribe(s -> threeSamples.countDown());
        sampler.start();

        assertThat(await(threeFailures)).isTrue();
        assertThat(await(threeSamples)).isTrue();
    }

    @Test
    void registersItsCostAndCoreCountAsGauges() throws InterruptedException {
        collect(3);
        assertThat(registry.get("gillab.cores.count").gauge().value()).isEqualTo(sampler.coreCount());
        double meanCostSeconds = registry.get("gillab.cores.sample.cost").gauge().value();
        assertThat(meanCostSeconds).as("mean cost in seconds, not nanoseconds").isPositive().isLessThan(1.0);
        assertThat(sampler.sampleCost().samples()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void stopEndsTheSamplingThread() throws InterruptedException {
        collect(1);
        assertThat(sampler.isRunning()).isTrue();
        sampler.stop();
        assertThat(sampler.isRunning()).isFalse();
        assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().equals(CoreSampler.THREAD_NAME) && t.isAlive());
    }

    /** Starts the sampler and returns its first {@code count} samples. */
    private List<CoreSample> collect(int count) throws InterruptedException {
        CountDownLatch enoughSamples = new CountDownLatch(count);
        List<CoreSample> received = new CopyOnWriteArrayList<>();
        sampler.subscribe(s -> {
            received.add(s);
            enoughSamples.countDown();
        });
        sampler.start();
        assertThat(await(enoughSamples)).as("%d samples within %s", count, SAMPLE_TIMEOUT).isTrue();
        // A snapshot first: the sampler keeps appending, which a view of the live list would not survive.
        return List.copyOf(received).subList(0, count);
    }

    private static boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(SAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
