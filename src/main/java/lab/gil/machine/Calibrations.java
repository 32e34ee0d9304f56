package lab.gil.machine;

import lab.gil.interpreter.Calibration;
import lab.gil.scenario.ExecutorKind;

/**
 * The calibration of each kind of worker: the same CPython costs, and the kernel rounds each kind burns to reach
 * them, measured on the kind itself (a worker process's JIT, C1, is not the server's, and a greenlet's loop is not a
 * thread's), with what it charges for copying and waiting.
 */
public record Calibrations(Calibration threads, Calibration processes, Calibration greenlets) {

    /** One calibration for every kind, as tests give one. */
    public static Calibrations same(Calibration calibration) {
        return new Calibrations(calibration, calibration, calibration);
    }

    /** The calibration of the kind of worker that runs {@code kind}. */
    public Calibration forKind(ExecutorKind kind) {
        return switch (kind) {
            // Subinterpreters are threads of this server's JVM, each with a GIL of its own.
            case SEQUENTIAL, THREADS, INTERPRETERS -> threads;
            case PROCESSES, PROCESS_PER_TASK -> processes;
            case GREENLETS -> greenlets;
        };
    }
}
