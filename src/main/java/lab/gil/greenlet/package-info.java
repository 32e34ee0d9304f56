/**
 * Greenlets, as gevent runs them: N greenlets (1 to 10,000) cooperatively scheduled by one hub on one OS thread's
 * worth of Python, the way gevent's hub (or asyncio's event loop) runs them.
 *
 * <p><b>The rule, enforced here and not left to the JVM.</b> Each greenlet is a Java virtual thread, and so is the
 * hub's loop, but none of them runs Python unless it holds the hub: {@link lab.gil.greenlet.Hub} keeps one volatile
 * {@code holder} (a greenlet, or null for the hub's own loop), and a virtual thread parks until it is the holder.
 * <ul>
 *   <li>Exactly one holds the hub at a time; the holder alone touches the hub's state (its ready queue, timers,
 *       queue, counter and log), so none of it needs a lock: every hand-over is a volatile write the next holder
 *       reads, which orders everything before it.</li>
 *   <li>A greenlet runs until it waits: an {@code io} step (a real request on a loopback socket, or a timer as
 *       {@code gevent.sleep}), or a {@code get} on an empty queue. Only then does it hand the hub back to the loop.
 *       Nothing else switches: there is no switch interval and no drop request, so a {@code cpu} step keeps every
 *       other greenlet waiting until it ends, and a read-modify-write with no wait inside never loses an update.</li>
 *   <li>The hub's loop runs the ready greenlets first in, first out, as many as were ready when it started the
 *       round (gevent runs a loop iteration's callbacks, then polls), each greenlet handing the hub straight to the
 *       next of the round when it waits; then the loop polls its selector and timers: without blocking when some
 *       are ready, or until the next timer or answer when none is.</li>
 * </ul>
 * The virtual threads are only carriers for each greenlet's stack: which core the JVM runs a holder on does not
 * matter, because only the holder runs. A greenlet that was woken but waits for its turn is recorded as
 * {@link lab.gil.interpreter.WorkerState#WAITING_FOR_GIL} ("waiting for the hub" on the page) and the time counts as
 * waiting for the hub.
 *
 * <p>Use from a run engine:
 * <pre>{@code
 * try (Hub hub = new Hub(greenlets, calibration, WaitKind.SOCKET, true)) {
 *     hub.start(tasks, task -> program);          // spawns the greenlets and the hub's loop; returns at once
 *     while (!hub.awaitEnd(Duration.ofMillis(100))) {
 *         hub.drainStateChanges(change -> publish(change));   // lane 0 is the hub, lane i + 1 greenlet i
 *         if (stopPressed) hub.cancel();
 *     }
 *     HubFigures figures = hub.figures();
 * }
 * }</pre>
 *
 * <p>Nothing here depends on Spring or on the run engine.
 */
package lab.gil.greenlet;
