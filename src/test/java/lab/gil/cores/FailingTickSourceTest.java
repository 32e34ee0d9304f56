package lab.gil.cores;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sampler fed by a tick source that fails now and then, as a busy /proc or a flaky OS call might. */
class FailingTickSourceTest {

    private static final Duration SAMPLE_TIMEOUT = Duration.ofSeconds(5);

    /** Fails its first read (the baseline) and every other read after that; counters grow by one busy tick a read. */
    private static final class EveryOtherReadFails implements CoreTickSource {

        /** Reads attempted so far; the sampling thread is the only caller. */
        private final AtomicInteger reads = new AtomicInteger();

        @Override
        public int coreCount() {
            return 2;
        }

        @Override
        public void read(long[] busy, long[] idle) {
            int read = reads.incrementAndGet();
            if (read % 2 == 1) {
                throw new IllegalStateException("read " + read + " fails, on purpose");
            }
            Arrays.fill(busy, read);
            Arrays.fill(idle, 0);
        }
    }

    @Test
    void aFailingReadIsSkippedAndSamplingGoesOn() throws InterruptedException {
        CoreSampler sampler = new CoreSampler(new CoreSamplerProperties(CoreSamplerProperties.MIN_PERIOD),
                new SimpleMeterRegistry(), new EveryOtherReadFails());
        CountDownLatch threeSamples = new CountDownLatch(3);
        sampler.subscribe(s -> threeSamples.countDown());
        sampler.start();
        try {
            assertThat(threeSamples.await(SAMPLE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        } finally {
            sampler.stop();
        }
        assertThat(sampler.latest()).hasValueSatisfying(s -> assertThat(s.cores()).containsExactly(1.0, 1.0));
    }
}
