package lab.gil.machine;

import java.util.List;
import java.util.Objects;
import lab.gil.interpreter.CopyCost;

/**
 * What work costs in CPython on this server, as measured by running its {@code python3}: the figures the emulation
 * is calibrated to, so that its times compare with real Python's.
 *
 * @param version               the CPython measured (such as 3.11.7); null when python3 was absent or failed
 * @param nsPerIteration        one iteration of the seed's countdown, {@code while n > 0: n -= 1}, in a long call
 * @param warmNsPerIteration    the same once the function is warm: from its 8th call in one interpreter on, CPython
 *                              3.11 runs it specialized ({@link lab.gil.interpreter.CodeWarmth})
 * @param send                  what sending an object to a child process through a {@code multiprocessing} pipe
 *                              costs by its size: pickling, the pipe, unpickling
 * @param receive               the same from the child back to its parent
 * @param greenletStartMicros   what an event loop spends on one task from its creation until it waits
 * @param greenletWakeMicros    what it spends waking a task whose wait ended, until the task returns
 * @param eventLoop             the event loop those two figures are of: {@code gevent 22.10.2} when a python3 here
 *                              has gevent (greenlets are gevent's), else {@code asyncio}
 */
public record CPythonCosts(String version, double nsPerIteration, double warmNsPerIteration, CopyCost send,
                           CopyCost receive,
                           double greenletStartMicros, double greenletWakeMicros, String eventLoop) {

    /**
     * Figures to assume without python3, from CPython 3.11 on a quiet 2-core virtual machine: a countdown iteration
     * costs 20-50 ns, a pickled MiB through a pipe 2-3 ms (up to 20 ms where fresh memory is dear), and asyncio
     * spends about 10 us starting a task and 9 us waking it.
     */
    public static final CPythonCosts FALLBACK = new CPythonCosts(null, 50, 50, CopyCost.linear(0.1, 3, 64),
            CopyCost.linear(0.1, 3, 64), 10, 9, "asyncio (assumed)");

    /**
     * The sizes CPython's copies are measured at, in MiB: as small as lesson 8's small copy, and two beyond 32 MiB,
     * the most glibc's malloc keeps for reuse, past which every object is fresh memory and costs 15-20 ms a MiB here
     * (lesson 8's big copy is 50 MB).
     */
    static final List<Integer> COPY_SIZES_MIB = List.of(1, 8, 40, 64);

    public CPythonCosts {
        Objects.requireNonNull(send);
        Objects.requireNonNull(receive);
        if (!(nsPerIteration > 0) || !(warmNsPerIteration > 0) || greenletStartMicros < 0 || greenletWakeMicros < 0) {
            throw new IllegalArgumentException("invalid CPython costs: " + nsPerIteration + " ns, "
                    + greenletStartMicros + " + " + greenletWakeMicros + " us");
        }
    }

    /** Whether these figures were measured here rather than assumed. */
    public boolean measured() {
        return version != null;
    }

    /** Whether a warm {@code countdown} costs less than a cold one here (by a per cent at least). */
    public boolean warmsUp() {
        return warmNsPerIteration < 0.99 * nsPerIteration;
    }

    /** What one task costs its event loop in all, start and wake-up. */
    public double waitMicrosPerGreenlet() {
        return greenletStartMicros + greenletWakeMicros;
    }

    /** What sending an object of {@code mib} MiB to another process costs in CPython here, in milliseconds. */
    public double sendMillis(int mib) {
        return send.millisAtMiB(mib);
    }

    /** What receiving an object of {@code mib} MiB from another process costs in CPython here, in milliseconds. */
    public double receiveMillis(int mib) {
        return receive.millisAtMiB(mib);
    }

    /** The sizes copies were measured at, in MiB, for a page to list. */
    public List<Integer> copySizesMiB() {
        return COPY_SIZES_MIB;
    }
}
