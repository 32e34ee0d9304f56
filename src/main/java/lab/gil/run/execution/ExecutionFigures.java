package lab.gil.run.execution;

import lab.gil.cost.WorkerCost;
import lab.gil.run.summary.KindFigures;
import lab.gil.run.summary.RunSummary;

/**
 * The figures of a run's summary that depend on the kind of worker that ran it.
 *
 * @param gil        how the workers shared a GIL
 * @param counter    the shared counter, when the programs increment it; null otherwise
 * @param figures    what only this kind of worker has, in the kind's own record
 * @param workerCost what one worker of this kind costs, memory and start, measured on this server: every kind fills
 *                   it, the same figure for all, so that a page can put them side by side; null only when it could
 *                   not be measured (a process run whose workers reported no memory; a greenlet run of fewer than
 *                   100 greenlets, or cancelled)
 */
public record ExecutionFigures(RunSummary.GilFigures gil, RunSummary.CounterFigures counter,
                               KindFigures figures, WorkerCost workerCost) {}
