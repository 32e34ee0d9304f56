package lab.gil.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskProgramTest {

    @Test
    void readsEveryStepKindInOrder() {
        TaskProgram p = TaskProgram.parse("cpu 1000; io 50ms; native 2s; builtin 500us; incr 10; incr-call 20");
        assertThat(p.steps()).containsExactly(
                new Step.Cpu(1000),
                new Step.Io(Duration.ofMillis(50)),
                new Step.Native(Duration.ofSeconds(2)),
                new Step.Builtin(Duration.ofNanos(500_000)),
                new Step.Increment(10, false),
                new Step.Increment(20, true));
    }

    @Test
    void readsTheLockedIncrementAndWritesItBack() {
        TaskProgram p = TaskProgram.parse("incr-lock 1_000; cpu 5");
        assertThat(p.steps()).containsExactly(new Step.LockedIncrement(1000), new Step.Cpu(5));
        assertThat(p.text()).isEqualTo("incr-lock 1000; cpu 5");
        assertThat(p.share(4).text()).isEqualTo("incr-lock 250; cpu 1");
    }

    @Test
    void textRoundTripsThroughParse() {
        String text = "cpu 1000000; io 1500us; native 20ms; builtin 1s; incr-call 5";
        assertThat(TaskProgram.parse(text).text()).isEqualTo(text);
    }

    @Test
    void aNewLineIsNotAStepSeparator() {
        assertThatThrownBy(() -> TaskProgram.parse("cpu 1\nio 1ms")).isInstanceOf(ProgramSyntaxException.class);
    }

    @Test
    void acceptsUnderscoresInLargeNumbers() {
        assertThat(TaskProgram.parse("cpu 50_000_000").cpuIterations()).isEqualTo(50_000_000L);
    }

    @Test
    void shareDividesEveryAmountLikeCountdownOfCountOverN() {
        TaskProgram p = TaskProgram.parse("cpu 50000000; io 10ms").share(2);
        assertThat(p.text()).isEqualTo("cpu 25000000; io 5ms");
    }

    @Test
    void shareNeverDropsBelowOneUnit() {
        assertThat(TaskProgram.parse("cpu 3; io 2us").share(10).text()).isEqualTo("cpu 1; io 1us");
    }

    @Test
    void rejectsAnUnknownKindNamingTheKinds() {
        assertThatThrownBy(() -> TaskProgram.parse("spin 10"))
                .isInstanceOf(ProgramSyntaxException.class)
                .hasMessageContaining("\"spin\" is not a step kind");
    }

    @Test
    void rejectsAmountsOutOfBoundsAndNonNumbers() {
        assertThatThrownBy(() -> TaskProgram.parse("cpu 0")).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> TaskProgram.parse("cpu 99999999999")).hasMessageContaining("between 1 and");
        assertThatThrownBy(() -> TaskProgram.parse("cpu lots")).hasMessageContaining("whole number");
        assertThatThrownBy(() -> TaskProgram.parse("io 61s")).hasMessageContaining("between 1us and 60s");
        assertThatThrownBy(() -> TaskProgram.parse("io 5 ms")).hasMessageContaining("is not a step");
        assertThatThrownBy(() -> TaskProgram.parse("io soon")).hasMessageContaining("duration such as");
    }

    @Test
    void rejectsEmptyAndOverlongPrograms() {
        assertThatThrownBy(() -> TaskProgram.parse("  ")).hasMessageContaining("at least one step");
        assertThatThrownBy(() -> TaskProgram.parse("cpu 1;".repeat(17))).hasMessageContaining("at most 16 steps");
    }

    @Test
    void readsDataStepsInBinaryUnitsAndCrashWithoutAnAmount() {
        TaskProgram p = TaskProgram.parse("send 10MB; recv 64KB; share 512B; crash");
        assertThat(p.steps()).containsExactly(new Step.Send(10L * 1024 * 1024), new Step.Recv(64 * 1024),
                new Step.Share(512), new Step.Crash());
        assertThat(p.text()).isEqualTo("send 10MB; recv 64KB; share 512B; crash");
        assertThat(p.bytesPassed()).as("what a process copies: send and recv, not share")
                .isEqualTo(10L * 1024 * 1024 + 64 * 1024);
    }

    @Test
    void readsQueueStepsWithAndWithoutWorkPerItemAndTheSharedMemoryCounter() {
        TaskProgram p = TaskProgram.parse("put 40 10ms; get 20; incr-shared 5");
        assertThat(p.steps()).containsExactly(new Step.Put(40, Duration.ofMillis(10)), new Step.Get(20, Duration.ZERO),
                new Step.SharedIncrement(5));
        assertThat(p.text()).isEqualTo("put 40 10ms; get 20; incr-shared 5");
        assertThatThrownBy(() -> TaskProgram.parse("put 40 soon")).hasMessageContaining("duration such as");
        assertThatThrownBy(() -> TaskProgram.parse("get many")).hasMessageContaining("whole number");
    }

    @Test
    void splittingDividesCopiesButEveryTaskSeesTheWholeSharedBuffer() {
        assertThat(TaskProgram.parse("send 4MB; share 4MB").share(4).text()).isEqualTo("send 1MB; share 4MB");
    }

    @Test
    void rejectsDataSizesOutOfBoundsOrWithoutAUnitAndACrashWithAnAmount() {
        assertThatThrownBy(() -> TaskProgram.parse("send 101MB")).hasMessageContaining("between 1B and 100MB");
        assertThatThrownBy(() -> TaskProgram.parse("recv 0B")).hasMessageContaining("between 1B and 100MB");
        assertThatThrownBy(() -> TaskProgram.parse("share 10")).hasMessageContaining("a size such as 512B, 64KB or 10MB");
        assertThatThrownBy(() -> TaskProgram.parse("send 1GB")).hasMessageContaining("a size such as");
        assertThatThrownBy(() -> TaskProgram.parse("crash 1")).hasMessageContaining("crash takes no amount");
        assertThatThrownBy(() -> TaskProgram.parse("send 60MB; recv 60MB"))
                .hasMessageContaining("A task may pass at most 100MB in all");
    }
}
