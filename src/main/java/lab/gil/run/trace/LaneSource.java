package lab.gil.run.trace;

import java.util.function.Consumer;
import lab.gil.interpreter.Interpreter;
import lab.gil.interpreter.StateChange;

/** Where a run's lanes come from: the workers' state changes on the server's time line, one lane per worker. */
public interface LaneSource {

    /** How many lanes: one per worker thread or worker process. */
    int lanes();

    /** Hands every state change since the last drain to {@code sink}, oldest first per lane. One caller at a time. */
    void drain(Consumer<StateChange> sink);

    /** Changes lost so far because a buffer filled between two drains. */
    long dropped();

    /** The lanes of an interpreter's threads. */
    static LaneSource of(Interpreter interpreter) {
        return new LaneSource() {
            public int lanes() { return interpreter.workers(); }
            public void drain(Consumer<StateChange> sink) { interpreter.drainStateChanges(sink); }
            public long dropped() { return interpreter.counters().droppedStateChanges(); }
        };
    }
}
