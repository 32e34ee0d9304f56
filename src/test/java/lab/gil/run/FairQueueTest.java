package lab.gil.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The starting order of waiting runs, as a plain data structure: positions always match the order items leave.
 * Items are compared by identity, as runs are.
 */
class FairQueueTest {

    private final FairQueue<String> queue = new FairQueue<>();

    private static final Submitter LONE = Submitter.session("lone");
    private static final Submitter TEACHER = Submitter.instructor("teacher");

    private static Submitter member(String name, String classCode) {
        return Submitter.classMember(name, classCode);
    }

    /** Takes every item, checking before each take that every waiting item's position is where it then leaves. */
    private List<String> drainCheckingPositions() {
        List<String> order = new ArrayList<>();
        while (!queue.isEmpty()) {
            List<String> waiting = queue.items();
            String[] predicted = new String[waiting.size()];
            waiting.forEach(item -> predicted[queue.position(item) - 1] = item);
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < predicted.length; i++) {
                rest.add(queue.takeNext().orElseThrow());
            }
            assertThat(rest).as("positions predict the order").containsExactly(predicted);
            order.addAll(rest);
        }
        return order;
    }

    @Test
    void groupsTakeTurnsOneRunEachAndAClassIsOneGroup() {
        queue.add("a1", member("a1", "A"));
        queue.add("a2", member("a2", "A"));
        queue.add("a3", member("a3", "A"));
        queue.add("lone", LONE);
        queue.add("b1", member("b1", "B"));
        assertThat(queue.position("a1")).isEqualTo(1);
        assertThat(queue.position("lone")).isEqualTo(2);
        assertThat(queue.position("b1")).isEqualTo(3);
        assertThat(queue.position("a2")).isEqualTo(4);
        assertThat(queue.position("a3")).isEqualTo(5);
        assertThat(drainCheckingPositions()).containsExactly("a1", "lone", "b1", "a2", "a3");
    }

    @Test
    void anInstructorsRunGoesBeforeEveryWaitingRun() {
        queue.add("a1", member("a1", "A"));
        queue.add("lone", LONE);
        queue.add("teacher", TEACHER);
        assertThat(queue.position("teacher")).isEqualTo(1);
        assertThat(queue.position("a1")).isEqualTo(2);
        assertThat(queue.takeNext()).contains("teacher");
    }

    @Test
    void aGroupThatTookItsTurnGoesToTheEndOfTheRound() {
        queue.add("a1", member("a1", "A"));
        queue.add("a2", member("a2", "A"));
        queue.add("b1", member("b1", "B"));
        assertThat(queue.takeNext()).contains("a1");
        queue.add("c1", member("c1", "C"));
        assertThat(queue.position("b1")).isEqualTo(1);
        assertThat(queue.position("a2")).isEqualTo(2);
        assertThat(queue.position("c1")).as("a newcomer joins the end of the round").isEqualTo(3);
        assertThat(drainCheckingPositions()).containsExactly("b1", "a2", "c1");
    }

    @Test
    void removingARunMovesThoseBehindItForwardAndAnEmptiedGroupLeavesTheRound() {
        queue.add("a1", member("a1", "A"));
        queue.add("b1", member("b1", "B"));
        queue.add("a2", member("a2", "A"));
        assertThat(queue.position("a2")).isEqualTo(3);
        assertThat(queue.remove("b1")).isTrue();
        assertThat(queue.remove("b1")).as("only once").isFalse();
        assertThat(queue.position("a2")).isEqualTo(2);
        assertThat(queue.position("b1")).isZero();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(drainCheckingPositions()).containsExactly("a1", "a2");
    }

    @Test
    void aReplacementTakesThePlaceOfTheRunItReplaces() {
        queue.add("a1", member("a1", "A"));
        queue.add("b1", member("b1", "B"));
        queue.add("a2", member("a2", "A"));
        assertThat(queue.replace("b1", "b1-again")).isTrue();
        assertThat(queue.position("b1-again")).isEqualTo(2);
        assertThat(queue.position("b1")).isZero();
        assertThat(queue.replace("nobody", "x")).isFalse();
        assertThat(drainCheckingPositions()).containsExactly("a1", "b1-again", "a2");
    }

    @Test
    void aBusyClassGetsOneTurnPerRoundHoweverManyOfItsMembersWait() {
        List<String> classA = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            classA.add("a" + i);
            queue.add(classA.getLast(), member(classA.getLast(), "A"));
        }
        queue.add("lone", LONE);
        queue.add("b0", member("b0", "B"));
        assertThat(queue.position("lone")).isEqualTo(2);
        assertThat(queue.position("b0")).isEqualTo(3);
        assertThat(queue.position(classA.getLast())).isEqualTo(32);
        assertThat(drainCheckingPositions()).hasSize(32).startsWith("a0", "lone", "b0", "a1", "a2");
    }
}
