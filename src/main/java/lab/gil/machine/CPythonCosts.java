package lab.gil.machine;

/**
 * What work costs in CPython on this server, as measured by running its {@code python3}: the figures the emulation
 * is calibrated to, so that its times compare with real Python's.
 *
 * @param version               the CPython measured (such as 3.11.7); null when python3 was absent or failed
 * @param nsPerIteration        one iteration of the seed's countdown, {@code while n > 0: n -= 1}, in a long call
 * @param copyFixedMillis       what sending any object through a {@code multiprocessing} pipe costs beyond its size
 * @param copyMillisPerMiB      what each MiB of it adds: pickling, the pipe, unpickling
 * @param greenletStartMicros   what an event loop spends on one task from its creation until it waits
 * @param greenletWakeMicros    what it spends waking a task whose wait ended, until the task returns
 * @param eventLoop             the event loop those two figures are of: {@code gevent 22.10.2} when a python3 here
 *                              has gevent (greenlets are gevent's), else {@code asyncio}
 */
public record CPythonCosts(String version, double nsPerIteration, double copyFixedMillis, double copyMillisPerMiB,
                           double greenletStartMicros, double greenletWakeMicros, String eventLoop) {

    /**
     * Figures to assume without python3, from CPython 3.11 on a quiet 2-core virtual machine: a countdown iteration
     * costs 20-50 ns, a pickled MiB through a pipe 2-3 ms (much more where fresh memory is dear), and asyncio spends
     * about 10 us starting a task and 9 us waking it.
     */
    public static final CPythonCosts FALLBACK = new CPythonCosts(null, 50, 0.1, 3, 10, 9, "asyncio (assumed)");

    public CPythonCosts {
        if (!(nsPerIteration > 0) || copyFixedMillis < 0 || copyMillisPerMiB < 0 || greenletStartMicros < 0
                || greenletWakeMicros < 0) {
            throw new IllegalArgumentException("invalid CPython costs: " + nsPerIteration + " ns, " + copyFixedMillis
                    + " + " + copyMillisPerMiB + " ms/MiB, " + greenletStartMicros + " + " + greenletWakeMicros + " us");
        }
    }

    /** Whether these figures were measured here rather than assumed. */
    public boolean measured() {
        return version != null;
    }

    /** What one task costs its event loop in all, start and wake-up. */
    public double waitMicrosPerGreenlet() {
        return greenletStartMicros + greenletWakeMicros;
    }

    /** What copying {@code bytes} to another process costs in CPython here, in milliseconds. */
    public double copyMillis(long bytes) {
        return copyFixedMillis + copyMillisPerMiB * bytes / (1024.0 * 1024);
    }
}
