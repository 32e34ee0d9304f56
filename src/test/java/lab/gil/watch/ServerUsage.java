package lab.gil.watch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server process costs the machine, read from outside it as an operator would: its CPU time and resident
 * memory from {@code /proc/<pid>}, and its Java heap after a full collection through {@code jcmd} (so that garbage
 * not yet collected does not count).
 */
final class ServerUsage {

    /** The kernel counts a process's CPU time in ticks of 10 ms (USER_HZ is 100 on Linux). */
    private static final long NANOS_PER_TICK = 10_000_000L;
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** "heap total 123K, used 45K" before JDK 25; "heap total reserved 6172672K, committed 393216K, used 11441K" since. */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K");

    private ServerUsage() {}

    /** The process's CPU time so far, user and system, in nanoseconds. */
    static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // After the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** The process's resident memory now, in bytes. */
    static long rssBytes(long pid) throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!m.find()) {
            throw new IOException("no VmRSS for process " + pid);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    /** The Java heap in use right after a full collection, in bytes. */
    static long heapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        if (!m.find()) {
            throw new IOException("jcmd GC.heap_info said nothing of the heap used");
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + command + " failed: " + out);
        }
        return out;
    }

    /**
     * The server's cost over {@code seconds} of wall time from now: CPU as a share of one core, resident memory and
     * heap after a collection at the end.
     */
    static Sample over(long pid, int seconds) throws IOException, InterruptedException {
        long cpu0 = cpuNanos(pid);
        long t0 = System.nanoTime();
        TimeUnit.SECONDS.sleep(seconds);
        long cpu = cpuNanos(pid) - cpu0;
        long wall = System.nanoTime() - t0;
        long rss = rssBytes(pid);
        return new Sample((double) cpu / wall, rss, heapAfterGc(pid));
    }

    /**
     * @param cores      CPU time over wall time: 1.0 is one core busy all along
     * @param rssBytes   resident memory at the end
     * @param heapBytes  Java heap in use after a full collection at the end
     */
    record Sample(double cores, long rssBytes, long heapBytes) {}
}
