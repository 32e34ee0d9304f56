package lab.gil.run.execution;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The one loop every execution is observed by, on the thread that called {@link Execution#execute}: it waits for
 * the workers, reports progress every period, and ends the work early when a task failed, the run was stopped or its
 * time is up. What ending early does to the workers (a flag they notice, processes killed) is the execution's.
 */
public final class ObserveLoop {

    /** Why observed work ends before all of its tasks did. */
    public enum Ending { STOPPED, TIME_LIMIT, FAILED }

    /** The workers of one execution, as the loop watches them. Every method may be called from the loop's thread. */
    public interface Work {

        /** Waits up to {@code nanos} for every worker to end; true when they all have. */
        boolean awaitEnd(long nanos) throws InterruptedException;

        int tasksDone();

        long cpuIterationsDone();

        /** The first task failure, in words for the student ("task 3 in worker 1: ..."), or null while there is none. */
        String failure();

        /**
         * Makes the workers end now because of {@code why}; returns what that did to them, in words that complete
         * "Stopped: ...", or an empty string when there is nothing to add.
         */
        String cancel(Ending why);
    }

    private ObserveLoop() {}

    /**
     * Waits until every worker of {@code work} has ended, reporting progress to {@code observer} every
     * {@code period} and once at the end; returns why the run must end early, or empty when every task ended.
     * Interrupted, it cancels the work before it rethrows.
     */
    public static Optional<String> observe(Work work, long startNanos, BooleanSupplier stop, Duration timeLimit,
                                           Observer observer, Duration period) throws InterruptedException {
        long deadline = startNanos + timeLimit.toNanos();
        try {
            while (!work.awaitEnd(period.toNanos())) {
                report(work, startNanos, observer);
                if (work.failure() != null) {
                    break;
                }
                if (stop.getAsBoolean()) {
                    return Optional.of(sentence("Stopped", work.cancel(Ending.STOPPED)));
                }
                if (System.nanoTime() - deadline > 0) {
                    return Optional.of(sentence("Stopped at the time limit of " + timeLimit.toSeconds() + " s",
                            work.cancel(Ending.TIME_LIMIT)));
                }
            }
        } catch (InterruptedException e) {
            work.cancel(Ending.STOPPED);
            throw e;
        }
        report(work, startNanos, observer);
        String failed = work.failure();
        if (failed != null) {
            work.cancel(Ending.FAILED);
            return Optional.of("A task failed: " + failed);
        }
        return Optional.empty();
    }

    private static void report(Work work, long startNanos, Observer observer) {
        observer.onProgress(work.tasksDone(), work.cpuIterationsDone(), System.nanoTime() - startNanos);
    }

    private static String sentence(String what, String effect) {
        return effect.isEmpty() ? what + "." : what + ": " + effect + ".";
    }
}
