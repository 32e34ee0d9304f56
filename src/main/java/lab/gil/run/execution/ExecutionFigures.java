package lab.gil.run.execution;

import lab.gil.run.summary.RunSummary;

/**
 * The figures of a run's summary that depend on the kind of worker that ran it.
 *
 * @param gil       how the workers shared a GIL
 * @param counter   the shared counter, when the programs increment it; null otherwise
 * @param processes what only a run on worker processes has; null for other kinds
 */
public record ExecutionFigures(RunSummary.GilFigures gil, RunSummary.CounterFigures counter,
                               RunSummary.ProcessFigures processes) {}
