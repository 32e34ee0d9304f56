package lab.gil.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures the Linux kernel keeps about a process or thread in {@code /proc/.../status}: resident memory now and at
 * its peak, its address space, and context switches. The one reader of those files: worker processes, the server's
 * run threads and the thread cost probe all read them here. Where the file does not exist (macOS, Windows) every
 * figure is zero.
 *
 * @param rssBytes             resident memory now ({@code VmRSS})
 * @param peakRssBytes         the most resident memory so far ({@code VmHWM})
 * @param sizeBytes            the address space ({@code VmSize}): reserved, not necessarily touched
 * @param voluntarySwitches    times it left its core because it blocked
 * @param involuntarySwitches  times the OS took its core away
 */
public record ProcStatus(long rssBytes, long peakRssBytes, long sizeBytes, long voluntarySwitches,
                         long involuntarySwitches) {

    static final ProcStatus NONE = new ProcStatus(0, 0, 0, 0, 0);

    /** The status of process {@code pid}. */
    public static ProcStatus ofProcess(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "status"));
    }

    /** The status of this process (the JVM calling it). */
    public static ProcStatus ofThisProcess() {
        return read(Path.of("/proc/self/status"));
    }

    /** The status of the calling thread: its context switches are its own, its memory the process's. */
    public static ProcStatus ofCurrentThread() {
        return read(Path.of("/proc/thread-self/status"));
    }

    static ProcStatus read(Path status) {
        try {
            long rss = 0, peak = 0, size = 0, voluntary = 0, involuntary = 0;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line) * 1024;
                } else if (line.startsWith("VmSize:")) {
                    size = kilobytes(line) * 1024;
                } else if (line.startsWith("voluntary_ctxt_switches:")) {
                    voluntary = value(line);
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    involuntary = value(line);
                }
            }
            return new ProcStatus(rss, peak, size, voluntary, involuntary);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }

    /**
     * Restarts process {@code pid}'s peak ({@code VmHWM}) from its current size, so that a reused worker reports
     * the peak of this run and not of its whole life. Best effort: older kernels and other systems lack it.
     */
    static void resetPeak(long pid) {
        try {
            Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // The peak then covers the worker's whole life, which the summary still reports honestly as a peak.
        }
    }

    private static long value(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").trim());
    }
}
