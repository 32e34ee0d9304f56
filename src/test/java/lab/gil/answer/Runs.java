package lab.gil.answer;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Made-up runs for answer tests: each figure set says only what one test needs. */
final class Runs {

    private static final AtomicInteger NEXT_ID = new AtomicInteger();

    private Runs() {}

    /** A done run with this wall time and speedup. */
    static RunFigures timed(double wallMillis, double speedup) {
        return new RunFigures(id(), true, 2, 2, wallMillis, speedup, 0, null, null, Double.NaN);
    }

    static RunFigures wall(double wallMillis) {
        return timed(wallMillis, 1);
    }

    static RunFigures speedup(double speedup) {
        return timed(1000, speedup);
    }

    static RunFigures copying(double copyMillis) {
        return new RunFigures(id(), true, 4, 4, 1000, 1, copyMillis, null, null, Double.NaN);
    }

    static RunFigures counter(long expected, long actual) {
        return new RunFigures(id(), true, 2, 2, 1000, 1, 0, expected, actual, Double.NaN);
    }

    static RunFigures backFromIo(double medianMillis) {
        return new RunFigures(id(), true, 2, 2, 1000, 1, 0, null, null, medianMillis);
    }

    /** A run that failed partway, with no summary, as a crashed process run. */
    static RunFigures failed(int tasksDone, int tasks) {
        return new RunFigures(id(), true, tasksDone, tasks, Double.NaN, Double.NaN, Double.NaN, null, null, Double.NaN);
    }

    /** A run stopped by the student: it answers nothing. */
    static RunFigures stopped() {
        return new RunFigures(id(), false, 1, 2, Double.NaN, Double.NaN, Double.NaN, null, null, Double.NaN);
    }

    /** Preset name, run, preset name, run...: each preset with one run. */
    static Map<String, List<RunFigures>> of(Object... presetAndRun) {
        Map<String, List<RunFigures>> runs = new LinkedHashMap<>();
        for (int i = 0; i < presetAndRun.length; i += 2) {
            runs.put((String) presetAndRun[i], List.of((RunFigures) presetAndRun[i + 1]));
        }
        return runs;
    }

    static List<String> names(String... names) {
        return Arrays.asList(names);
    }

    private static String id() {
        return "run" + NEXT_ID.incrementAndGet();
    }
}
