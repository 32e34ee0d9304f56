package lab.gil.program;

import java.time.Duration;

/**
 * One step of a task program: a stand-in for one Python construct, with how much of it to do.
 *
 * <p>Amounts are either loop iterations (the Python code loops, so the interpreter checks its drop request at
 * every back-edge) or a duration (a single call whose cost is time on the clock or on a core).
 */
public sealed interface Step {

    /** This step with its amount divided by {@code parts}, never below one unit. */
    Step share(int parts);

    /** The step as written in a program, e.g. {@code cpu 1000000} or {@code io 50ms}. */
    String text();

    /** Pure-Python loop work that needs the GIL: {@code while n > 0: n -= 1}, one back-edge per iteration. */
    record Cpu(long iterations) implements Step {
        public Step share(int parts) { return new Cpu(Math.max(1, iterations / parts)); }
        public String text() { return "cpu " + iterations; }
    }

    /** Blocking I/O that releases the GIL while it really waits, like {@code time.sleep} or a socket read. */
    record Io(Duration duration) implements Step {
        public Step share(int parts) { return new Io(Durations.atLeastOneMicro(duration.dividedBy(parts))); }
        public String text() { return "io " + Durations.format(duration); }
    }

    /** C code that releases the GIL while it burns real CPU, like hashlib or NumPy on a large buffer. */
    record Native(Duration cpu) implements Step {
        public Step share(int parts) { return new Native(Durations.atLeastOneMicro(cpu.dividedBy(parts))); }
        public String text() { return "native " + Durations.format(cpu); }
    }

    /** One long C call that keeps the GIL and has no back-edge, like {@code sorted()} on a big list. */
    record Builtin(Duration cpu) implements Step {
        public Step share(int parts) { return new Builtin(Durations.atLeastOneMicro(cpu.dividedBy(parts))); }
        public String text() { return "builtin " + Durations.format(cpu); }
    }

    /**
     * {@code counter += 1} on a counter shared by the interpreter's threads, repeated in a loop. The read, the add
     * and the write are separate bytecodes; with {@code callBetween} a function call (itself a check point) sits
     * between the read and the write, as in {@code n = counter; log(); counter = n + 1}.
     */
    record Increment(long times, boolean callBetween) implements Step {
        public Step share(int parts) { return new Increment(Math.max(1, times / parts), callBetween); }
        public String text() { return (callBetween ? "incr-call " : "incr ") + times; }
    }
}
