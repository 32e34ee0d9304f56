package lab.gil.cores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Per-core CPU ticks read straight from Linux's {@code /proc/stat}: the baseline the benchmark compares OSHI with.
 *
 * <p>Invariant: fills the cores in the order of their {@code cpuN} lines; Linux only.
 */
final class ProcStatTickSource implements CoreTickSource {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    private static final Pattern SPACES = Pattern.compile(" +");

    /** Number of {@code cpuN} lines at construction. */
    private final int coreCount;

    ProcStatTickSource() {
        this.coreCount = (int) readProcStat().lines().filter(ProcStatTickSource::isCoreLine).count();
    }

    @Override
    public int coreCount() {
        return coreCount;
    }

    @Override
    public void read(long[] busy, long[] idle) {
        String text = readProcStat();
        int core = 0;
        int lineStart = 0;
        while (core < coreCount && lineStart < text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            String line = text.substring(lineStart, lineEnd);
            if (isCoreLine(line)) {
                // cpuN user nice system idle iowait irq softirq steal guest guest_nice (guest is already in user)
                String[] f = SPACES.split(line);
                busy[core] = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3])
                        + Long.parseLong(f[6]) + Long.parseLong(f[7]) + Long.parseLong(f[8]);
                idle[core] = Long.parseLong(f[4]) + Long.parseLong(f[5]);
                core++;
            }
            lineStart = lineEnd + 1;
        }
    }

    private static boolean isCoreLine(String line) {
        return line.startsWith("cpu") && line.length() > 3 && Character.isDigit(line.charAt(3));
    }

    private static String readProcStat() {
        try {
            return Files.readString(PROC_STAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
