package lab.gil.answer.page;

import lab.gil.answer.RunFigures;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.web.RunView;

/** Reads the figures an answer needs out of a run as the page sees it; a run without a summary has only its tasks. */
final class RunFiguresOf {

    private RunFiguresOf() {}

    static RunFigures of(RunView run) {
        boolean finished = run.state().equals("done") || run.state().equals("failed");
        int tasksDone = run.progress() == null ? 0 : run.progress().tasksDone();
        RunSummary s = run.summary();
        if (s == null) {
            return new RunFigures(run.id(), finished, tasksDone, run.scenario().tasks(), Double.NaN, Double.NaN,
                    Double.NaN, null, null, Double.NaN);
        }
        RunSummary.GilFigures gil = s.gil();
        boolean backFromIo = gil != null && gil.ioRetakes() > 0;
        return new RunFigures(run.id(), finished, tasksDone, s.tasks(), s.wallMillis(), s.speedup(),
                s.system() == null ? Double.NaN : s.system().copyMillis(),
                s.counter() == null ? null : s.counter().expected(), s.counter() == null ? null : s.counter().actual(),
                backFromIo ? gil.ioRetakeMedianMillis() : Double.NaN);
    }
}
