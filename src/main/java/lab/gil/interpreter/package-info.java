/**
 * An emulated CPython interpreter and GIL, in plain Java: worker threads run task programs through an eval loop
 * that checks its drop request at back-edges and function entry, and take and drop the GIL as CPython 3.12-3.14's
 * {@code Python/ceval_gil.c} does.
 *
 * <p>Use from a run engine:
 * <pre>{@code
 * Calibration cal = Calibration.measure();                 // once, at application start-up (about 0.7 s)
 * Interpreter interp = new Interpreter(GilMode.GIL, Duration.ofMillis(5), workers, cal, true);
 * // on each worker thread (a platform thread, e.g. of a ThreadPoolExecutor):
 * PyThread t = interp.attach(workerIndex);                  // state IDLE
 * try {
 *     boolean finished = t.run(program, cancelled::get);    // repeat for several tasks; false when cancelled
 * } finally {
 *     t.detach();                                           // state DONE
 * }
 * // on an observer thread, 10-20 times a second:
 * interp.drainStateChanges(change -> publish(change));
 * CountersSnapshot counters = interp.counters();
 * long progress = interp.worker(i).cpuIterationsDone();
 * }</pre>
 *
 * <p>Nothing here depends on Spring; the package has no static state, so runs are independent.
 */
package lab.gil.interpreter;
