package lab.gil.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalBroadcastsTest {

    private final LocalBroadcasts broadcasts = new LocalBroadcasts();

    @Test
    void deliversToListenersOfTheTopicOnlyInOrderUntilClosed() {
        List<String> heard = new ArrayList<>();
        List<String> other = new ArrayList<>();
        Broadcasts.Listening listening = broadcasts.listen("class:AB12", heard::add);
        broadcasts.listen("class:ZZ99", other::add);

        broadcasts.publish("class:AB12", "one");
        broadcasts.publish("class:AB12", "two");
        listening.close();
        broadcasts.publish("class:AB12", "three");

        assertThat(heard).containsExactly("one", "two");
        assertThat(other).isEmpty();
    }

    @Test
    void refusesAPayloadAboveTheLimit() {
        assertThatThrownBy(() -> broadcasts.publish("t", "x".repeat(Broadcasts.MAX_PAYLOAD_BYTES + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7900");
    }
}
