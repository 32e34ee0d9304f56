package lab.gil.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventChannelTest {

    private static final long TIMEOUT_SECONDS = 5;

    /** Records what it receives; can be made to block, as a stalled browser does. */
    static final class RecordingSink implements EventSink {
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final CountDownLatch completed = new CountDownLatch(1);
        final CountDownLatch failed = new CountDownLatch(1);
        private final CountDownLatch blockUntil;
        final Semaphore received = new Semaphore(0);

        RecordingSink(int expected, CountDownLatch blockUntil) {
            this.blockUntil = blockUntil;
        }

        @Override
        public void send(StreamEvent event) throws IOException {
            try {
                blockUntil.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            ids.add(event.id());
            received.release();
        }

        @Override
        public void complete() {
            completed.countDown();
        }

        @Override
        public void fail(String reason) {
            failed.countDown();
        }
    }

    @Test
    void aSubscriberReceivesEveryEventInOrderThenCompletesWhenTheChannelCloses() throws InterruptedException {
        EventChannel channel = new EventChannel("test", 100, 100, EventChannel.SubscriberCount.NONE);
        RecordingSink sink = new RecordingSink(50, new CountDownLatch(0));
        channel.subscribe(sink, 0);
        for (int i = 0; i < 50; i++) {
            channel.publish("n", i);
        }
        channel.close();
        assertThat(sink.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.ids).hasSize(50).isSorted().startsWith(1L).endsWith(50L);
        assertThat(channel.subscriberCount()).isZero();
    }

    @Test
    void aReconnectingSubscriberGetsOnlyWhatItMissed() throws InterruptedException {
        EventChannel channel = new EventChannel("test", 100, 100, EventChannel.SubscriberCount.NONE);
        for (int i = 0; i < 10; i++) {
            channel.publish("n", i);
        }
        channel.close();
        RecordingSink sink = new RecordingSink(3, new CountDownLatch(0));
        channel.subscribe(sink, 7);
        assertThat(sink.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.ids).containsExactly(8L, 9L, 10L);
    }

    @Test
    void aClosedChannelCanForgetItsHistoryButAnOpenOneKeepsIt() throws InterruptedException {
        EventChannel channel = new EventChannel("test", 100, 100, EventChannel.SubscriberCount.NONE);
        channel.publish("n", 1);
        channel.forgetHistory();
        channel.close();
        RecordingSink before = new RecordingSink(1, new CountDownLatch(0));
        channel.subscribe(before, 0);
        assertThat(before.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(before.ids).as("an open channel kept its history").containsExactly(1L);

        channel.forgetHistory();
        RecordingSink after = new RecordingSink(0, new CountDownLatch(0));
        channel.subscribe(after, 0);
        assertThat(after.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(after.ids).isEmpty();
    }

    @Test
    void aStalledSubscriberIsDisconnectedWhileAHealthyOneLosesNothing() throws InterruptedException {
        EventChannel channel = new EventChannel("test", 1000, 32, EventChannel.SubscriberCount.NONE);
        CountDownLatch neverReleased = new CountDownLatch(1);
        RecordingSink stalled = new RecordingSink(1, neverReleased);
        RecordingSink healthy = new RecordingSink(100, new CountDownLatch(0));
        channel.subscribe(stalled, 0);
        channel.subscribe(healthy, 0);
        for (int i = 1; i <= 100; i++) {
            channel.publish("n", i);
            if (i % 10 == 0) {
                // Publish in bursts smaller than the mailbox, as a run does at 10 Hz, letting the healthy one catch up.
                assertThat(healthy.received.tryAcquire(10, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
        }
        assertThat(stalled.failed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("stalled one disconnected").isTrue();
        assertThat(healthy.ids).hasSize(100).isSorted();
        neverReleased.countDown();
    }

    @Test
    void theSubscriberCountFollowsConnectsAndDisconnects() throws InterruptedException {
        int[] live = {0};
        EventChannel.SubscriberCount count = new EventChannel.SubscriberCount() {
            public synchronized void increment() { live[0]++; }
            public synchronized void decrement() { live[0]--; }
        };
        EventChannel channel = new EventChannel("test", 0, 8, count);
        Subscriber a = channel.subscribe(new RecordingSink(0, new CountDownLatch(0)), 0);
        RecordingSink bSink = new RecordingSink(0, new CountDownLatch(0));
        channel.subscribe(bSink, 0);
        assertThat(live[0]).isEqualTo(2);
        a.disconnect("browser left");
        a.disconnect("twice is harmless");
        assertThat(live[0]).isEqualTo(1);
        channel.close();
        assertThat(bSink.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(live[0]).isZero();
    }

    @Test
    void aSubscriberThatDropsMidStreamAndReconnectsWithItsLastIdMissesNothingAndGetsNothingTwice()
            throws InterruptedException {
        EventChannel channel = new EventChannel("test", 1000, 100, EventChannel.SubscriberCount.NONE);
        RecordingSink first = new RecordingSink(0, new CountDownLatch(0));
        Subscriber connection = channel.subscribe(first, 0);
        for (int i = 1; i <= 30; i++) {
            channel.publish("n", i);
        }
        assertThat(first.received.tryAcquire(30, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        connection.disconnect("network dropped");
        // The run goes on while the browser is away.
        for (int i = 31; i <= 60; i++) {
            channel.publish("n", i);
        }
        long lastSeen = first.ids.getLast();
        RecordingSink resumed = new RecordingSink(0, new CountDownLatch(0));
        channel.subscribe(resumed, lastSeen);
        for (int i = 61; i <= 90; i++) {
            channel.publish("n", i);
        }
        channel.close();
        assertThat(resumed.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        List<Long> seen = new java.util.ArrayList<>(first.ids);
        seen.addAll(resumed.ids);
        assertThat(seen).as("every id once, in order").containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 90).boxed().toList());
    }

    @Test
    void aNewSubscriberCatchingUpOnMoreHistoryThanItsMailboxHoldsIsNotTakenForBehind() throws InterruptedException {
        EventChannel channel = new EventChannel("test", 100, 8, EventChannel.SubscriberCount.NONE);
        for (int i = 1; i <= 100; i++) {
            channel.publish("n", i);
        }
        CountDownLatch held = new CountDownLatch(1);
        RecordingSink late = new RecordingSink(0, held);
        channel.subscribe(late, 0);
        // A few live events arrive while the whole history is still to be sent.
        for (int i = 101; i <= 105; i++) {
            channel.publish("n", i);
        }
        held.countDown();
        assertThat(late.received.tryAcquire(105, TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(late.failed.getCount()).as("not disconnected").isEqualTo(1);
        assertThat(late.ids).hasSize(105).isSorted().startsWith(1L).endsWith(105L);
    }

    /** Records the names of what it receives, and whether it was told the server is leaving. */
    static final class NamesSink implements EventSink {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CountDownLatch completed = new CountDownLatch(1);
        final CountDownLatch left = new CountDownLatch(1);

        @Override
        public void send(StreamEvent event) {
            received.add(event.name() + event.data());
        }

        @Override
        public void complete() {
            completed.countDown();
        }

        @Override
        public void leave() {
            left.countDown();
        }

        @Override
        public void fail(String reason) {}
    }

    @Test
    void aPageFollowingTwoChannelsGetsEachInOrderAndIsCompletedOnlyOnceBothHaveClosed() throws InterruptedException {
        EventChannel cores = new EventChannel("cores", 2, 8, EventChannel.SubscriberCount.NONE, EventChannel.Ids.NOT_SENT);
        EventChannel run = new EventChannel("run", 100, 8, EventChannel.SubscriberCount.NONE);
        cores.publish("c", 1);
        cores.publish("c", 2);
        cores.publish("c", 3);
        run.publish("r", 1);
        NamesSink page = new NamesSink();
        Subscriber subscriber = new Subscriber(page, 64);
        cores.subscribe(subscriber, e -> true, e -> true);
        run.subscribe(subscriber, e -> true, e -> true);
        subscriber.start("page");
        run.publish("r", 2);
        cores.publish("c", 4);
        run.close();
        cores.publish("c", 5);
        assertThat(page.completed.await(200, TimeUnit.MILLISECONDS)).as("the cores go on after the run").isFalse();
        cores.close();
        assertThat(page.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(page.received.stream().filter(n -> n.startsWith("c"))).as("the two kept, then the live ones")
                .containsExactly("c2", "c3", "c4", "c5");
        assertThat(page.received.stream().filter(n -> n.startsWith("r"))).containsExactly("r1", "r2");
        assertThat(cores.subscriberCount() + run.subscriberCount()).isZero();
    }

    @Test
    void aPageGetsOnlyTheEventsItWantsOfAChannelKeptOrLive() throws InterruptedException {
        EventChannel run = new EventChannel("run", 100, 8, EventChannel.SubscriberCount.NONE);
        run.publish("state", 1);
        run.publish("summary", 2);
        NamesSink page = new NamesSink();
        Subscriber subscriber = new Subscriber(page, 64);
        run.subscribe(subscriber, e -> true, e -> !e.name().equals("summary"));
        subscriber.start("page");
        run.publish("summary", 3);
        run.publish("state", 4);
        run.close();
        assertThat(page.completed.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(page.received).containsExactly("state1", "state4");
    }

    @Test
    void aStreamToldTheServerIsLeavingGetsWhatWasPendingThenLeavingAndEnds() throws InterruptedException {
        EventChannel cores = new EventChannel("cores", 0, 8, EventChannel.SubscriberCount.NONE, EventChannel.Ids.NOT_SENT);
        NamesSink page = new NamesSink();
        Subscriber subscriber = new Subscriber(page, 64);
        cores.subscribe(subscriber, e -> true, e -> true);
        subscriber.start("page");
        cores.publish("c", 1);
        subscriber.leave();
        cores.publish("c", 2);
        assertThat(page.left.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(page.received).containsExactly("c1");
        assertThat(cores.subscriberCount()).as("it let go of its channels").isZero();
    }
}
