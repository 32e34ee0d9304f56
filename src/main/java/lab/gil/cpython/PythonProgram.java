package lab.gil.cpython;

import java.util.Locale;
import lab.gil.interpreter.GilMode;
import lab.gil.scenario.Scenario;

/**
 * A scenario as a Python program: what GIL Lab runs in real CPython beside its emulation, and what a student
 * downloads and runs at home. It prints a JSON line per finished task, then one with the run's figures
 * ({@link CPythonFigures}).
 *
 * <p>Made only from a parsed, validated {@link Scenario}: every number and step in it comes from there.
 *
 * @param fileName a file name for it, such as {@code gil_lab_race_conditions.py}
 * @param source   the program
 * @param needs    what the CPython that runs it must be
 * @param tasks     the tasks it runs
 * @param processes the most processes it has at once: itself, its workers and multiprocessing's resource tracker
 * @param threads   the most threads one of its processes has: a pool's, or multiprocessing's helper threads
 */
public record PythonProgram(String fileName, String source, Needs needs, int tasks, int processes, int threads) {

    /** Threads a process of any program may have: its main thread and multiprocessing's helpers (pool, queue). */
    static final int HELPER_THREADS = 8;

    /** The most characters of a title that go into a file name. */
    private static final int FILE_NAME_WORDS = 60;

    /**
     * The program of {@code scenario}, its greenlets (if any) on {@code greenlets}, titled {@code title} in its
     * docstring and file name (a lesson and preset name, or a few words; cleaned of anything but plain text).
     */
    public static PythonProgram of(Scenario scenario, GreenletLibrary greenlets, String title) {
        Flavour flavour = Flavour.of(scenario, greenlets);
        Needs needs = needsOf(scenario, flavour);
        String fileName = fileName(title);
        // Worker processes, the main one and multiprocessing's resource tracker; one more of slack for a process per
        // task, whose finished process may linger for a moment before it is joined.
        int processes = flavour.processes() ? scenario.workers() + 3 : 1;
        int threads = (flavour == Flavour.THREADS || flavour == Flavour.INTERPRETERS ? scenario.workers() : 0)
                + HELPER_THREADS;
        return new PythonProgram(fileName, new ProgramWriter(scenario, flavour, needs).write(title, fileName), needs,
                scenario.tasks(), processes, threads);
    }

    /** What CPython build the program of {@code scenario} needs, without writing it (a page asks on every render). */
    public static Needs needsOf(Scenario scenario, GreenletLibrary greenlets) {
        return needsOf(scenario, Flavour.of(scenario, greenlets));
    }

    private static Needs needsOf(Scenario scenario, Flavour flavour) {
        if (scenario.gil() == GilMode.FREE_THREADED) {
            return Needs.FREE_THREADED;
        }
        return switch (flavour) {
            case INTERPRETERS -> Needs.INTERPRETERS;
            case GEVENT -> Needs.GEVENT;
            default -> Needs.ANY_CPYTHON;
        };
    }

    /** {@code gil_lab_} and the title's words in lower case, joined by underscores: a name Python accepts. */
    static String fileName(String title) {
        String words = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (words.length() > FILE_NAME_WORDS) {
            words = words.substring(0, FILE_NAME_WORDS).replaceAll("_+$", "");
        }
        return words.isEmpty() ? "gil_lab_scenario.py" : "gil_lab_" + words + ".py";
    }
}
