package lab.gil.cpython.fidelity;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import lab.gil.cpython.CPythonEngine;
import lab.gil.run.Run;
import lab.gil.run.RunQueue;
import lab.gil.run.RunService;
import lab.gil.run.RunState;
import lab.gil.run.Submitter;
import lab.gil.run.measure.RunEngine;
import lab.gil.run.summary.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The instructor's re-measure of every preset, as one job: each preset runs in the emulation, then at once in
 * CPython, through the run queue like any run, one run at a time, each taking its turn only when no other run
 * waits, so that a class pressing Run is delayed by at most the one run the check has in hand.
 *
 * <p>Invariant: at most one check runs on this server; its progress is a snapshot replaced as it moves on. CPython's
 * figures are kept by {@link CPythonFiguresKept} (as any CPython run of a preset's knobs is); the emulation's are
 * kept here, from the check's own runs only, so that both sides of a row are measured alike, back to back.
 */
@Component
public class FidelityCheck {

    private static final Logger log = LoggerFactory.getLogger(FidelityCheck.class);
    /** Whose turns the check's runs take: a group of its own, never an instructor's, who would go first. */
    static final Submitter SUBMITTER = new Submitter("fidelity-check", "fidelity-check", false);
    /** How often the check looks at the queue and at its run: a run lasts seconds, so this is no cost. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(200);
    private static final List<String> ENGINES = List.of(RunEngine.EMULATION, CPythonEngine.ID);

    private final RunService runs;
    private final PresetMeasurements store;

    /** Guards {@link #progress} and {@link #worker}. */
    private final Object lock = new Object();
    /** What the check is doing, or did last. */
    private Progress progress = Progress.NEVER;
    /** The thread running the check; null when none runs. */
    private Thread worker;

    FidelityCheck(RunService runs, PresetMeasurements store) {
        this.runs = runs;
        this.store = store;
    }

    /**
     * How far the check is.
     *
     * @param running whether a check runs now
     * @param done    runs finished, two per preset
     * @param total   runs in all
     * @param now     what it does now, or how it ended, in words for the page
     * @param endedAt when the last check ended; null while running or before the first
     */
    public record Progress(boolean running, int done, int total, String now, Instant startedAt, Instant endedAt) {

        static final Progress NEVER = new Progress(false, 0, 0, "No check has run since this server started.",
                null, null);

        /** Share done, 0 to 1. */
        public double fraction() {
            return total == 0 ? 0 : (double) done / total;
        }

        public int percent() {
            return (int) Math.round(100 * fraction());
        }
    }

    public Progress progress() {
        synchronized (lock) {
            return progress;
        }
    }

    /** Starts a check of {@code presets}; false when one is running already (it goes on). */
    public boolean start(List<LessonPreset> presets) {
        synchronized (lock) {
            if (worker != null) {
                return false;
            }
            progress = new Progress(true, 0, 2 * presets.size(), "Starting", Instant.now(), null);
            worker = Thread.ofPlatform().name("fidelity-check").daemon().start(() -> check(presets));
            return true;
        }
    }

    @PreDestroy
    void stop() {
        Thread running;
        synchronized (lock) {
            running = worker;
        }
        if (running != null) {
            running.interrupt();
        }
    }

    private void check(List<LessonPreset> presets) {
        String ending = "Checked " + presets.size() + " presets in both engines.";
        try {
            int done = 0;
            for (LessonPreset preset : presets) {
                for (String engine : ENGINES) {
                    Run run = measure(preset, engine, done);
                    if (engine.equals(RunEngine.EMULATION) && run.state() != RunState.CANCELLED) {
                        keepEmulation(preset, run);
                    }
                    tell(++done, "Measured “" + preset.name() + "” (" + preset.lesson().title() + ")");
                }
            }
        } catch (InterruptedException e) {
            ending = "Stopped: the server is stopping.";
        } catch (RuntimeException e) {
            log.error("The fidelity check failed", e);
            ending = "The check failed: " + e.getMessage();
        } finally {
            synchronized (lock) {
                progress = new Progress(false, progress.done(), progress.total(), ending, progress.startedAt(),
                        Instant.now());
                worker = null;
            }
        }
    }

    /** Queues the preset's run in {@code engine} once nobody else waits, and waits for its end. */
    private Run measure(LessonPreset preset, String engine, int done) throws InterruptedException {
        String what = "“" + preset.name() + "” (" + preset.lesson().title() + ") in "
                + (engine.equals(RunEngine.EMULATION) ? "the emulation" : "CPython");
        while (true) {
            int waiting = runs.queueLength();
            if (waiting > 0) {
                tell(done, "Waiting for the " + waiting + " run" + (waiting == 1 ? "" : "s")
                        + " in the queue before measuring " + what);
                Thread.sleep(LOOK_EVERY);
                continue;
            }
            Run run;
            try {
                run = runs.submit(SUBMITTER, engine, preset.scenario(), preset.lessonId(), null);
            } catch (RunQueue.Full | RunQueue.StillRunning e) {
                Thread.sleep(LOOK_EVERY);
                continue;
            }
            tell(done, "Measuring " + what);
            try {
                while (!run.state().finished()) {
                    Thread.sleep(LOOK_EVERY);
                }
            } catch (InterruptedException e) {
                runs.stop(run);
                throw e;
            }
            return run;
        }
    }

    private void keepEmulation(LessonPreset preset, Run run) {
        RunSummary s = run.summary();
        String build = s == null || s.calibration().cpythonVersion() == null ? "GIL Lab emulation"
                : "GIL Lab emulation (calibrated to CPython " + s.calibration().cpythonVersion() + ")";
        int tasksDone = run.progress() == null ? 0 : run.progress().tasksDone();
        store.save(new PresetMeasurement(preset.lessonId(), preset.name(), RunEngine.EMULATION,
                preset.scenario().key(), Instant.now(),
                run.state() == RunState.DONE ? PresetMeasurement.MEASURED : PresetMeasurement.FAILED, build,
                run.message(), MachineLoad.now(), MeasuredFigures.of(s, tasksDone, preset.scenario().tasks())));
    }

    private void tell(int done, String now) {
        synchronized (lock) {
            progress = new Progress(true, done, progress.total(), now, progress.startedAt(), null);
        }
    }
}
