package lab.gil.interpreter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The drained state changes of a run, turned into per-worker time intervals for tests and the benchmark. */
record Timeline(List<StateChange> changes) {

    /** An interval [start, end) in which {@code worker} was in {@code state}. */
    record Span(int worker, WorkerState state, long start, long end) {
        boolean overlaps(Span other) {
            return start < other.end && other.start < end;
        }
    }

    static Timeline drain(Interpreter interpreter) {
        List<StateChange> changes = new ArrayList<>();
        interpreter.drainStateChanges(changes::add);
        return new Timeline(changes);
    }

    /** The spans of {@code worker} spent in any of {@code states}. */
    List<Span> spans(int worker, Set<WorkerState> states) {
        List<Span> spans = new ArrayList<>();
        StateChange open = null;
        for (StateChange c : changes) {
            if (c.worker() != worker) {
                continue;
            }
            if (open != null) {
                spans.add(new Span(worker, open.state(), open.nanoTime(), c.nanoTime()));
                open = null;
            }
            if (states.contains(c.state())) {
                open = c;
            }
        }
        if (open != null) {
            spans.add(new Span(worker, open.state(), open.nanoTime(), Long.MAX_VALUE));
        }
        return spans;
    }

    List<Span> spans(int worker, WorkerState state) {
        return spans(worker, EnumSet.of(state));
    }

    /** The states of {@code worker} in order. */
    List<WorkerState> states(int worker) {
        return changes.stream().filter(c -> c.worker() == worker).map(StateChange::state).toList();
    }

    /** Whether some span of the first list overlaps some span of the second. */
    static boolean anyOverlap(List<Span> a, List<Span> b) {
        for (Span x : a) {
            for (Span y : b) {
                if (x.overlaps(y)) {
                    return true;
                }
            }
        }
        return false;
    }
}
