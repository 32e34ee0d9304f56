package lab.gil.greenlet;

import lab.gil.interpreter.LatencyStats;

/**
 * What a hub measured of its greenlets.
 *
 * @param greenlets          how many greenlets it ran
 * @param tasksDone          tasks that ran to their end
 * @param startNanos         time to spawn every greenlet (create and start its virtual thread, and queue it
 *                           ready), as {@code gevent.spawn} N times
 * @param bytesPerGreenlet   memory allocated per greenlet from spawning until every one had run to its first wait
 *                           (the greenlet, its virtual thread, its stack once parked; in a Java process, so other
 *                           threads' allocations meanwhile count too), or -1 if not measured (fewer than 100
 *                           greenlets, or cancelled first)
 * @param busyNanos          time the hub's one thread was busy: a greenlet or the hub's loop held it (the CPU time of
 *                           one OS thread's worth of Python; a virtual thread's own CPU time cannot be read in Java)
 * @param hubWait            from a greenlet becoming ready (its wait ended: its answer was due or its timer fired; or
 *                           an item was put for it) to its
 *                           running again: the time it waited because another greenlet was computing
 * @param ioRetake           from an {@code io} step's intended end to the greenlet's running again, as a program
 *                           timing its own sleep sees it (the same figure threads report as "back from I/O")
 * @param switches           times the hub was handed to a greenlet (by the loop, or by the greenlet before it)
 * @param counter            the shared {@code counter} after the run
 * @param droppedChanges     state changes lost because the observer did not drain in time
 */
public record HubFigures(int greenlets, int tasksDone, long startNanos, long bytesPerGreenlet, long busyNanos,
                         LatencyStats hubWait, LatencyStats ioRetake, long switches, long counter,
                         long droppedChanges) {
}
