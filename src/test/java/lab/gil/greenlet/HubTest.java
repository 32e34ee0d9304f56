package lab.gil.greenlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import lab.gil.interpreter.Calibration;
import lab.gil.interpreter.StateChange;
import lab.gil.interpreter.WorkerState;
import lab.gil.program.TaskProgram;
import org.junit.jupiter.api.Test;

/** The rules of greenlets on a hub: one runs at a time, only a wait switches, waits are real and cheap. */
class HubTest {

    /** A fixed calibration: tests measure what a step took from the lanes rather than trust a figure. */
    static final Calibration FIXED = new Calibration(50, 20, 2.0, Calibration.Source.GIVEN);
    /** Long enough for any run below on a busy machine; the runs take well under a second when quiet. */
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(30);
    /** The bound the issue sets for ten thousand greenlets waiting one second at once. */
    private static final Duration TEN_THOUSAND_WAITS_BOUND = Duration.ofSeconds(2);
    /** A cpu step of about 100 ms under {@link #FIXED} (measured from the lanes, not assumed). */
    private static final String LONG_CPU = "cpu 2000000";

    @Test
    void everyGreenletPaysTheEventLoopsStartAndWakeUpChargesOnTheHubsOneThread() throws Exception {
        Calibration measured = Calibration.forTarget(50, Calibration.Source.GIVEN);
        long plain = wallNanos(measured, 200, "io 1ms");
        long charged = wallNanos(measured.withCharges(Calibration.Charges.ofGreenlets(500_000, 1_000_000)), 200,
                "io 1ms");
        // 200 x (0.5 ms + 1 ms), one after another on the hub: kernel rounds of a cost measured here, so at least
        // half of it however busy the machine.
        assertThat(charged - plain).isGreaterThan(Duration.ofMillis(150).toNanos());
    }

    private static long wallNanos(Calibration c, int greenlets, String program) throws Exception {
        long start = System.nanoTime();
        try (Hub hub = new Hub(greenlets, c, WaitKind.SOCKET, false)) {
            hub.start(greenlets, task -> TaskProgram.parse(program));
            assertThat(hub.awaitEnd(RUN_TIMEOUT)).isTrue();
            assertThat(hub.failure()).isNull();
        }
        return System.nanoTime() - start;
    }

    @Test
    void aCpuStepRunsToItsEndBeforeAnyOtherGreenletRunsAgain() throws Exception {
        List<StateChange> changes = new ArrayList<>();
        try (Hub hub = new Hub(8, FIXED, WaitKind.SOCKET, true)) {
            hub.start(8, task -> TaskProgram.parse(task == 0 ? "io 5ms; " + LONG_CPU
                    : "io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms"));
            awaitEnd(hub, changes);
            assertThat(hub.failure()).isNull();
        }
        List<Span> running = spans(changes, WorkerState.RUNNING);
        Span cpuStep = running.stream().filter(s -> s.lane == 1).reduce((a, b) -> b).orElseThrow();
        assertThat(running).as("other greenlets running during greenlet 0's cpu step")
                .noneMatch(s -> s.lane != 1 && s.start < cpuStep.end && cpuStep.start < s.end);
        for (Span a : running) {
            assertThat(running).as("greenlets running at the same time as " + a)
                    .noneMatch(b -> b != a && b.lane != a.lane && a.start < b.end && b.start < a.end);
        }
    }

    @Test
    void anIoGreenletWokenDuringACpuStepWaitsForTheWholeStep() throws Exception {
        List<StateChange> changes = new ArrayList<>();
        HubFigures figures;
        try (Hub hub = new Hub(2, FIXED, WaitKind.SOCKET, true)) {
            hub.start(2, task -> TaskProgram.parse(task == 0 ? "io 3ms; " + LONG_CPU
                    : "io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms; io 1ms"));
            awaitEnd(hub, changes);
            figures = hub.figures();
        }
        Span cpuStep = spans(changes, WorkerState.RUNNING).stream().filter(s -> s.lane == 1)
                .max((a, b) -> Long.compare(a.length(), b.length())).orElseThrow();
        assertThat(cpuStep.length()).as("the cpu step, ns").isGreaterThan(Duration.ofMillis(20).toNanos());
        // One of the I/O greenlet's 1 ms waits ends just after the cpu step began: it waits the rest of the step.
        assertThat(figures.hubWait().maxNanos()).isGreaterThan(cpuStep.length() * 8 / 10);
        assertThat(figures.ioRetake().maxNanos()).isGreaterThan(cpuStep.length() * 8 / 10);
        assertThat(spans(changes, WorkerState.WAITING_FOR_GIL).stream().filter(s -> s.lane == 2)
                .mapToLong(Span::length).max().orElse(0)).isGreaterThan(cpuStep.length() * 8 / 10);
    }

    @Test
    void aReadModifyWriteWithNoWaitInsideNeverLosesAnUpdate() throws Exception {
        try (Hub hub = new Hub(100, FIXED, WaitKind.TIMER, false)) {
            hub.start(100, task -> TaskProgram.parse(task % 2 == 0 ? "incr 10000; io 1ms; incr 10000"
                    : "incr-call 10000; io 1ms; incr-call 10000"));
            awaitEnd(hub, null);
            assertThat(hub.failure()).isNull();
            assertThat(hub.figures().counter()).isEqualTo(2_000_000);
            assertThat(hub.tasksDone()).isEqualTo(100);
        }
    }

    @Test
    void tenThousandGreenletsWaitingOneSecondAtOnceFinishInWellUnderTwoSeconds() throws Exception {
        // The bound is for the hub, not for a cold JIT (whose first 20,000 switches are interpreted), nor for a test
        // context's machine measurement burning both cores in the background.
        lab.gil.machine.OneMachineMeasurementPerTestJvm.awaitMeasurementsUnderWay();
        warmUp();
        for (WaitKind kind : WaitKind.values()) {
            try (Hub hub = new Hub(Hub.MAX_GREENLETS, FIXED, kind, true)) {
                long start = System.nanoTime();
                hub.start(Hub.MAX_GREENLETS, task -> TaskProgram.parse("io 1s"));
                List<StateChange> changes = new ArrayList<>();
                awaitEnd(hub, changes);
                long took = System.nanoTime() - start;
                assertThat(hub.failure()).isNull();
                assertThat(hub.tasksDone()).isEqualTo(Hub.MAX_GREENLETS);
                assertThat(Duration.ofNanos(took)).as(kind + " wall time").isLessThan(TEN_THOUSAND_WAITS_BOUND);
                assertThat(hub.figures().droppedChanges()).isZero();
                assertThat(changes.stream().filter(c -> c.state() == WorkerState.DONE).count())
                        .isEqualTo(Hub.MAX_GREENLETS + 1);
            }
        }
    }

    @Test
    void spawningMeasuresStartTimeAndMemoryPerGreenlet() throws Exception {
        try (Hub hub = new Hub(1000, FIXED, WaitKind.TIMER, false)) {
            hub.start(1000, task -> TaskProgram.parse("io 1ms"));
            awaitEnd(hub, null);
            HubFigures figures = hub.figures();
            assertThat(figures.startNanos()).isPositive();
            // A parked virtual thread with a shallow stack takes about a kilobyte; a platform thread's stack, a megabyte.
            assertThat(figures.bytesPerGreenlet()).isBetween(200L, 64L * 1024);
            assertThat(figures.busyNanos()).isPositive();
            assertThat(figures.switches()).isGreaterThanOrEqualTo(2000);
        }
    }

    @Test
    void aConsumerWaitsOnTheQueueUntilTheProducerPuts() throws Exception {
        try (Hub hub = new Hub(3, FIXED, WaitKind.SOCKET, false)) {
            hub.start(3, task -> TaskProgram.parse(task == 2 ? "io 5ms; put 100 10us" : "get 50"));
            awaitEnd(hub, null);
            assertThat(hub.failure()).isNull();
            assertThat(hub.tasksDone()).isEqualTo(3);
        }
    }

    @Test
    void aGetThatNoPutCanAnswerFailsTheRunAsGeventsLoopExitDoes() throws Exception {
        try (Hub hub = new Hub(1, FIXED, WaitKind.TIMER, false)) {
            hub.start(1, task -> TaskProgram.parse("get 1"));
            awaitEnd(hub, null);
            assertThat(hub.failure()).hasMessageContaining("LoopExit");
        }
    }

    @Test
    void aCrashStepFailsTheWholeRun() throws Exception {
        try (Hub hub = new Hub(2, FIXED, WaitKind.TIMER, false)) {
            hub.start(2, task -> TaskProgram.parse(task == 0 ? "crash" : "io 1s"));
            awaitEnd(hub, null);
            assertThat(hub.failure()).hasMessageContaining("cannot die alone");
            assertThat(hub.tasksDone()).isZero();
        }
    }

    @Test
    void cancellingEndsARunningCpuStepAndEveryWaitingGreenlet() throws Exception {
        try (Hub hub = new Hub(50, FIXED, WaitKind.SOCKET, true)) {
            hub.start(50, task -> TaskProgram.parse(task == 0 ? "io 1ms; cpu 1000000000" : "io 10s"));
            while (hub.cpuIterationsDone() == 0) {
                assertThat(hub.awaitEnd(Duration.ofMillis(5))).as("ended before its cpu step began").isFalse();
            }
            hub.cancel();
            assertThat(hub.awaitEnd(Duration.ofSeconds(5))).isTrue();
            assertThat(hub.tasksDone()).isZero();
            // Every greenlet's last recorded state (lanes 1 to 50; lane 0 is the hub's) is DONE. The counts per state
            // that the page draws are built from these changes (GreenletExecutionTest checks that they add up).
            WorkerState[] last = new WorkerState[51];
            hub.drainStateChanges(c -> last[c.worker()] = c.state());
            assertThat(Arrays.copyOfRange(last, 1, 51)).containsOnly(WorkerState.DONE);
        }
    }

    @Test
    void tooManyGreenletsAreRefusedWithTheBounds() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Hub(10_001, FIXED, WaitKind.TIMER, false))
                .hasMessageContaining("between 1 and 10000");
    }

    /** Runs the paths a wait takes a few thousand times, as the app's start-up warm-up does. */
    private static void warmUp() throws Exception {
        for (WaitKind kind : WaitKind.values()) {
            try (Hub hub = new Hub(Hub.MAX_GREENLETS, FIXED, kind, true)) {
                hub.start(Hub.MAX_GREENLETS, task -> TaskProgram.parse("io 1ms; io 1ms"));
                awaitEnd(hub, null);
            }
        }
    }

    /** Waits for the run, draining the log as an observer would (into {@code changes} when given). */
    private static void awaitEnd(Hub hub, List<StateChange> changes) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (!hub.awaitEnd(Duration.ofMillis(50))) {
            hub.drainStateChanges(c -> { if (changes != null) changes.add(c); });
            assertThat(System.nanoTime() - deadline).as("run still going after " + RUN_TIMEOUT).isNegative();
        }
        hub.drainStateChanges(c -> { if (changes != null) changes.add(c); });
    }

    record Span(int lane, WorkerState state, long start, long end) {
        long length() {
            return end - start;
        }
    }

    /** Every interval a lane spent in {@code state}. */
    static List<Span> spans(List<StateChange> changes, WorkerState state) {
        List<Span> spans = new ArrayList<>();
        java.util.Map<Integer, StateChange> open = new java.util.HashMap<>();
        for (StateChange c : changes) {
            StateChange before = open.put(c.worker(), c);
            if (before != null && before.state() == state) {
                spans.add(new Span(c.worker(), state, before.nanoTime(), c.nanoTime()));
            }
        }
        return spans;
    }
}
