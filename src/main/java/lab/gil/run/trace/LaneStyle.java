package lab.gil.run.trace;

import java.util.LinkedHashMap;
import java.util.Map;
import lab.gil.interpreter.WorkerState;

/**
 * How a kind of worker's lanes are told in words, sent with the {@code lanes} event so that the page draws every kind
 * alike: what each state means for it, what its lanes are called, and whether hand-overs between lanes are a shared
 * GIL's (only then does counting them mean anything).
 *
 * @param words        what each state is, in this kind's words, by {@link WorkerState} name
 * @param firstLane    the name of lane 0 when it is not a worker (a greenlet hub's own lane), or null
 * @param lane         what the other lanes are: "worker 3", "greenlet 3"
 * @param gilHandOvers whether the workers share one GIL, so that a lane entering RUNNING after another's is a hand-over
 */
public record LaneStyle(Map<String, String> words, String firstLane, String lane, boolean gilHandOvers) {

    /** Each state in the words of threads that share one GIL, as CPython's default build runs them. */
    private static final Map<WorkerState, String> UNDER_ONE_GIL = Map.of(
            WorkerState.IDLE, "idle",
            WorkerState.RUNNING, "running Python (holds the GIL)",
            WorkerState.WAITING_FOR_GIL, "waiting for the GIL",
            WorkerState.IO, "I/O (GIL released)",
            WorkerState.NATIVE, "C code, GIL released",
            WorkerState.BUILTIN, "C call holding the GIL",
            WorkerState.DONE, "finished");

    public LaneStyle {
        words = Map.copyOf(words);
    }

    /** Workers that share one GIL: hand-overs between their lanes are the GIL's. */
    public static LaneStyle sharingOneGil() {
        return new LaneStyle(names(UNDER_ONE_GIL), null, "worker", true);
    }

    /**
     * Workers with the words of one GIL, except for {@code changed} states, and whose lanes are named {@code lane}:
     * for kinds whose workers have a GIL each, or none, or a hub instead.
     */
    public static LaneStyle with(Map<WorkerState, String> changed, String firstLane, String lane) {
        Map<WorkerState, String> words = new LinkedHashMap<>(UNDER_ONE_GIL);
        words.putAll(changed);
        return new LaneStyle(names(words), firstLane, lane, false);
    }

    private static Map<String, String> names(Map<WorkerState, String> words) {
        Map<String, String> byName = new LinkedHashMap<>();
        words.forEach((state, text) -> byName.put(state.name(), text));
        return byName;
    }
}
