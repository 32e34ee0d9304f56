package lab.gil.run.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How often the OS switched a thread off its core: voluntarily (it blocked) or not (its time slice ran out), read
 * from {@code /proc/thread-self/status}. Where there is no such file (macOS, Windows) both counts are zero.
 */
public record ContextSwitches(long voluntary, long involuntary) {

    private static final ContextSwitches NONE = new ContextSwitches(0, 0);
    private static final Path THREAD_STATUS = Path.of("/proc/thread-self/status");

    /** The calling thread's counts so far. */
    public static ContextSwitches ofCurrentThread() {
        return read(THREAD_STATUS);
    }

    static ContextSwitches read(Path status) {
        try {
            long voluntary = 0;
            long involuntary = 0;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("voluntary_ctxt_switches:")) {
                    voluntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                    involuntary = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new ContextSwitches(voluntary, involuntary);
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
    }
}
