package lab.gil.interpreter;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How warm an interpreter's {@code countdown} function is. CPython 3.11 specializes ("quickens") a function's
 * bytecode when it is called for the 8th time ({@code QUICKENING_WARMUP_DELAY}, {@code Include/internal/
 * pycore_code.h}): from then on its loop runs on specialized instructions, here about 30 % faster (twelve calls of a
 * 2 M countdown: 19.1-21.3 ns an iteration for the first seven, 14.1-14.3 for every later one). A lesson that runs
 * one long countdown per thread pays the cold cost; one whose tasks call {@code countdown} again and again runs warm
 * from the 8th call on. What a warm iteration costs is measured with the cold one ({@link Calibration#warmShare}),
 * so that on a CPython that specializes otherwise (3.12 does it within a call) the two are simply the same.
 *
 * <p>One per interpreter, since a function object is: the threads of one process share theirs; every worker
 * process (for one run, as a pool lives for one), every subinterpreter and a hub's greenlets have their own.
 */
public final class CodeWarmth {

    /** Calls of a function that CPython 3.11 runs before it quickens it. */
    public static final int COLD_CALLS = 7;

    private final AtomicLong calls = new AtomicLong();

    /** A call of {@code countdown} in this interpreter: true if it runs quickened (its 8th call or a later one). */
    public boolean call() {
        return calls.incrementAndGet() > COLD_CALLS;
    }
}
