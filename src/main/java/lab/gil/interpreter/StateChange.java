package lab.gil.interpreter;

/** One worker entering a state at a {@link System#nanoTime()} instant. */
public record StateChange(int worker, WorkerState state, long nanoTime) {
}
