package lab.gil.run.trace;

/**
 * How many workers were in each state from an instant on, until the next sample.
 *
 * @param nanoTime the instant, in {@link System#nanoTime()}
 * @param counts   workers per state, indexed by {@link lab.gil.interpreter.WorkerState#ordinal()}
 */
public record StateCountSample(long nanoTime, int[] counts) {}
