package lab.gil.machine;

import java.util.List;
import java.util.Objects;
import lab.gil.interpreter.CopyCost;
import lab.gil.interpreter.PipeCost;

/**
 * What work costs in CPython on this server, as measured by running its {@code python3}: the figures the emulation
 * is calibrated to, so that its times compare with real Python's.
 *
 * @param version               the CPython measured (such as 3.11.7); null when python3 was absent or failed
 * @param nsPerIteration        one iteration of the seed's countdown, {@code while n > 0: n -= 1}, in a long call
 * @param warmNsPerIteration    the same once the function is warm: from its 8th call in one interpreter on, CPython
 *                              3.11 runs it specialized ({@link lab.gil.interpreter.CodeWarmth})
 * @param send                  what sending an object to a child process through a {@code multiprocessing} pipe
 *                              costs by its size (pickling, the pipe, unpickling): the first copy of a size in a
 *                              fresh program, the second, and later ones ({@link lab.gil.interpreter.ProcessHeap})
 * @param receive               the same from the child back to its parent
 * @param greenletStartMicros   what an event loop spends on one task from its creation until it waits
 * @param greenletWakeMicros    what it spends waking a task whose wait ended, until the task returns
 * @param eventLoop             the event loop those two figures are of: {@code gevent 22.10.2} when a python3 here
 *                              has gevent (greenlets are gevent's), else {@code asyncio}
 */
public record CPythonCosts(String version, double nsPerIteration, double warmNsPerIteration, PipeCost send,
                           PipeCost receive,
                           double greenletStartMicros, double greenletWakeMicros, String eventLoop) {

    /**
     * Figures to assume without python3, from CPython 3.11 on a quiet 2-core virtual machine: a countdown iteration
     * costs 20-50 ns, a pickled MiB through a pipe 2-3 ms (up to 20 ms where fresh memory is dear), and asyncio
     * spends about 10 us starting a task and 9 us waking it.
     */
    public static final CPythonCosts FALLBACK = new CPythonCosts(null, 50, 50,
            PipeCost.always(CopyCost.linear(0.1, 3, 100)), PipeCost.always(CopyCost.linear(0.1, 3, 100)), 10, 9,
            "asyncio (assumed)");

    /**
     * The sizes CPython's copies are measured at, in MiB: the lessons' (1, 8 and 50 MB; a lesson's MB is a MiB) and
     * the most a program may copy at once (100 MB). Beyond 32 MiB, the most glibc's malloc keeps for reuse, every
     * object is fresh memory, which costs 20-25 ms a MiB on this project's VM; points measured at the sizes used
     * keep a single sample's error from growing along an extrapolated line (a line through 40 and 64 MiB charged
     * 100 MB 0.79 of what CPython took).
     */
    static final List<Integer> COPY_SIZES_MIB = List.of(1, 8, 50, 100);
    /** The sizes a copy from a heap (grown or reused) is measured at: those at most 32 MiB. */
    static final List<Integer> REUSED_SIZES_MIB = COPY_SIZES_MIB.stream().filter(mib -> mib <= 32).toList();

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

    /**
     * What sending an object of {@code mib} MiB to another process costs in CPython here, in milliseconds, in a fresh
     * program.
     */
    public double sendMillis(int mib) {
        return send.fresh().millisAtMiB(mib);
    }

    /** The same once the processes' heaps hold the memory, from the third copy of a size on. */
    public double sendReusedMillis(int mib) {
        return send.reused().millisAtMiB(mib);
    }

    /** What receiving an object of {@code mib} MiB from another process costs in CPython here, in a fresh program. */
    public double receiveMillis(int mib) {
        return receive.fresh().millisAtMiB(mib);
    }

    /** The same once the processes' heaps hold the memory. */
    public double receiveReusedMillis(int mib) {
        return receive.reused().millisAtMiB(mib);
    }

    /** The sizes copies were measured at, in MiB, for a page to list. */
    public List<Integer> copySizesMiB() {
        return COPY_SIZES_MIB;
    }

    /** What each MiB of the largest object measured (the most a program may copy at once) costs to send, in ms. */
    public double sendMillisPerMiB() {
        int largest = COPY_SIZES_MIB.getLast();
        return sendMillis(largest) / largest;
    }

    /** The sizes copies from a heap were measured at, in MiB. */
    public List<Integer> reusedSizesMiB() {
        return REUSED_SIZES_MIB;
    }
}
