package lab.gil.cores;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sampler fed by counters that never move, as a tickless idle core or a coarse clock may report. */
class StalledCountersTest {

    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(5);

    /** Three cores whose busy and idle counters stay where they are. */
    private static final CoreTickSource STALLED = new CoreTickSource() {
        @Override
        public int coreCount() {
            return 3;
        }

        @Override
        public void read(long[] busy, long[] idle) {
            java.util.Arrays.fill(busy, 42);
            java.util.Arrays.fill(idle, 58);
        }
    };

    @Test
    void countersThatNeverMoveGiveZeroNotNaN() throws InterruptedException {
        CoreSampler sampler = new CoreSampler(new CoreSamplerProperties(CoreSamplerProperties.MIN_PERIOD),
                new SimpleMeterRegistry(), STALLED);
        CountDownLatch threeSamples = new CountDownLatch(3);
        List<CoreSample> received = new CopyOnWriteArrayList<>();
        sampler.subscribe(s -> {
            received.add(s);
            threeSamples.countDown();
        });
        sampler.start();
        try {
            assertThat(threeSamples.await(SAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            sampler.stop();
        }
        assertThat(received).allSatisfy(s -> {
            assertThat(s.cores()).containsExactly(0.0, 0.0, 0.0);
            assertThat(s.total()).isZero();
        });
    }
}
