package lab.gil.run.execution;

import lab.gil.process.ProcStatus;

/**
 * How often the OS switched a thread off its core: voluntarily (it blocked) or not (its time slice ran out), read
 * from {@code /proc/thread-self/status} by {@link ProcStatus}. Where there is no such file (macOS, Windows) both
 * counts are zero.
 */
public record ContextSwitches(long voluntary, long involuntary) {

    /** The calling thread's counts so far. */
    public static ContextSwitches ofCurrentThread() {
        ProcStatus status = ProcStatus.ofCurrentThread();
        return new ContextSwitches(status.voluntarySwitches(), status.involuntarySwitches());
    }
}
