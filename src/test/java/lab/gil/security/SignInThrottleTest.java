package lab.gil.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's counting, on a clock the test moves by hand. */
class SignInThrottleTest {

    /** A clock that stands still until the test moves it. */
    static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final HandClock clock = new HandClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveFailuresInAMinuteMakeTheNextAttemptWaitUntilTheFirstIsAMinuteOld() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.waitBefore("10.0.0.1", "instructor")).isZero();
            throttle.failed("10.0.0.1", "instructor");
            clock.advance(Duration.ofSeconds(2));
        }
        assertThat(throttle.waitBefore("10.0.0.1", "instructor")).isEqualTo(Duration.ofSeconds(50));
        clock.advance(Duration.ofSeconds(50));
        assertThat(throttle.waitBefore("10.0.0.1", "instructor")).as("the first failure is a minute old").isZero();
    }

    @Test
    void anAddressIsThrottledWhateverUsernamesItTries() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.0.2", "guess" + i);
        }
        assertThat(throttle.waitBefore("10.0.0.2", "instructor")).isPositive();
        assertThat(throttle.waitBefore("10.0.0.3", "instructor")).as("another address, another name").isZero();
    }

    @Test
    void aUsernameIsThrottledFromEveryAddressAndWhateverItsCase() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES; i++) {
            throttle.failed("10.0.1." + i, "Instructor");
        }
        assertThat(throttle.waitBefore("10.0.9.9", "instructor")).isPositive();
        assertThat(throttle.waitBefore("10.0.9.9", "someone-else")).isZero();
    }

    @Test
    void aRightPasswordForgetsTheFailuresOfItsAddressAndName() {
        for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.4", "instructor");
        }
        throttle.succeeded("10.0.0.4", "instructor");
        throttle.failed("10.0.0.4", "instructor");
        assertThat(throttle.waitBefore("10.0.0.4", "instructor")).isZero();
    }

    @Test
    void itRemembersABoundedNumberOfKeys() {
        throttle.failed("10.0.0.5", "first");
        for (int i = 0; i < SignInThrottle.MAX_KEYS; i++) {
            throttle.failed("addr" + i, "name" + i);
        }
        // The oldest keys were forgotten to stay within the bound; a flood cannot grow the map without end.
        for (int i = 0; i < SignInThrottle.MAX_FAILURES - 1; i++) {
            throttle.failed("10.0.0.5", "first");
        }
        assertThat(throttle.waitBefore("10.0.0.5", "first")).as("its first failure was forgotten").isZero();
        assertThat(throttle.size()).isLessThanOrEqualTo(SignInThrottle.MAX_KEYS);
    }
}
