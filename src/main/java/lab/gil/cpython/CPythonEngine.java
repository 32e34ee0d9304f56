package lab.gil.cpython;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import lab.gil.run.execution.EndedEarly;
import lab.gil.run.measure.Baselines;
import lab.gil.run.measure.MeasuredRun;
import lab.gil.run.measure.Progress;
import lab.gil.run.measure.RunEngine;
import lab.gil.run.summary.RunSummary;
import lab.gil.scenario.Scenario;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A run's turn on the cores spent in real CPython: the run's scenario as its Python program, in a CPython of this
 * server, after the same work on one worker where the scenario has a speedup (by the emulation's own rule). Its
 * summary holds what CPython measured, in the emulation's figures where CPython has them. Every run that ends by
 * itself is told as a {@link CPythonRunEnded} event, measured or not.
 */
@Component
public final class CPythonEngine implements RunEngine {

    /** The engine's id: a queued run names it to run in CPython. */
    public static final String ID = "cpython";

    private final PythonBuilds builds;
    private final ProgramRunner runner;
    private final ApplicationEventPublisher events;

    CPythonEngine(PythonBuilds builds, CPythonProperties properties, ApplicationEventPublisher events) {
        this.builds = builds;
        this.runner = new ProgramRunner(properties);
        this.events = events;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public RunSummary execute(MeasuredRun run) throws InterruptedException, EndedEarly {
        Scenario scenario = run.scenario();
        PythonProgram program = PythonProgram.of(scenario, builds.greenletLibrary(), "GIL Lab run");
        PythonBuilds.Choice choice = builds.choose(program.needs());
        if (!choice.found()) {
            tell(run, CPythonRunEnded.Outcome.UNAVAILABLE, null, choice.whyNot(), null);
            throw new EndedEarly(choice.whyNot(), null);
        }
        String build = choice.build().describe();
        try {
            RunSummary summary = measure(run, program, choice.build());
            tell(run, CPythonRunEnded.Outcome.MEASURED, build, null, summary);
            return summary;
        } catch (EndedEarly e) {
            if (!run.stopRequested()) {
                tell(run, CPythonRunEnded.Outcome.FAILED, build, e.getMessage(), null);
            }
            throw e;
        }
    }

    private RunSummary measure(MeasuredRun run, PythonProgram program, PythonBuild build)
            throws InterruptedException, EndedEarly {
        Scenario scenario = run.scenario();
        long deadline = System.nanoTime() + run.timeLimit().toNanos();
        CPythonFigures oneWorker = null;
        if (scenario.workers() > 1 && Baselines.whyNone(scenario).isEmpty()) {
            run.progress(new Progress(Progress.BASELINE, "Running 1 worker first in " + build.describe(),
                    0, 0, scenario.withOneWorker().tasks(), 0));
            PythonProgram baseline = PythonProgram.of(scenario.withOneWorker(), builds.greenletLibrary(),
                    "GIL Lab run, on one worker");
            oneWorker = measured(execute(run, baseline, build, left(deadline), "1 worker"));
        }
        String phase = "Running in " + build.describe();
        run.progress(new Progress(Progress.RUNNING, phase, 0, 0, scenario.tasks(), 0));
        CPythonFigures figures = measured(execute(run, program, build, left(deadline), phase));
        return CPythonSummary.of(scenario, figures, oneWorker);
    }

    /** Tells whoever keeps CPython's figures how the run ended; the tasks done are those of its measured program. */
    private void tell(MeasuredRun run, CPythonRunEnded.Outcome outcome, String build, String message,
                      RunSummary summary) {
        boolean measuredProgram = Progress.RUNNING.equals(run.progress().stage());
        events.publishEvent(new CPythonRunEnded(run.scenario(), outcome, build, message, summary,
                measuredProgram ? run.progress().tasksDone() : 0, Instant.now()));
    }

    private CPythonOutcome execute(MeasuredRun run, PythonProgram program, PythonBuild build, Duration timeLimit,
                                   String phase) throws InterruptedException, EndedEarly {
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try {
            return runner.run(program, build, timeLimit, run::stopRequested, task -> {
                int n = done.incrementAndGet();
                run.progress(new Progress(Progress.RUNNING, phase, (double) n / program.tasks(), n, program.tasks(),
                        (System.nanoTime() - start) / 1_000_000));
            });
        } catch (IOException e) {
            throw new EndedEarly("CPython could not be started: " + e.getMessage(), e);
        }
    }

    private static CPythonFigures measured(CPythonOutcome outcome) throws EndedEarly {
        return switch (outcome) {
            case CPythonOutcome.Measured m -> m.figures();
            case CPythonOutcome.Refused r -> throw new EndedEarly(r.message(), null);
            case CPythonOutcome.Ended e -> throw new EndedEarly(e.message(), null);
        };
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

}
