package lab.gil.cpython;

import java.util.List;

/** How running a generated program in CPython ended. */
public sealed interface CPythonOutcome {

    /** The tasks that finished, in the order they did. */
    List<FinishedTask> finished();

    /** The program ran to its end and printed its figures. */
    record Measured(CPythonFigures figures, List<FinishedTask> finished) implements CPythonOutcome {
        public Measured {
            finished = List.copyOf(finished);
        }
    }

    /**
     * The program said at its start that this CPython cannot run it, e.g. a GIL where it needs none.
     *
     * @param kind    {@code needs-free-threaded}, {@code needs-interpreters} or {@code needs-gevent}
     * @param message the program's sentence saying what it needs
     */
    record Refused(String kind, String message) implements CPythonOutcome {
        public List<FinishedTask> finished() {
            return List.of();
        }
    }

    /**
     * The program ended without its figures: it died (a crash step, an exception), or was stopped.
     *
     * @param why      what ended it
     * @param exitCode the process's exit code; 128 + the signal when killed; -1 when still unknown
     * @param message  what happened, in words for the page
     * @param stderr   the end of what the program wrote to stderr (a traceback), for whoever looks into it
     */
    record Ended(Ending why, int exitCode, String message, List<FinishedTask> finished, String stderr)
            implements CPythonOutcome {
        public Ended {
            finished = List.copyOf(finished);
        }
    }

    /** What ended a program before its figures. */
    enum Ending {
        /** It exited by itself: a crash step ({@code os._exit(1)}) or an exception. */
        EXITED,
        /** The run was stopped. */
        STOPPED,
        /** It ran past the run time limit. */
        TIME_LIMIT,
        /** It had more processes at once than its scenario starts. */
        TOO_MANY_PROCESSES,
        /** It printed more than a program of GIL Lab prints. */
        TOO_MUCH_OUTPUT
    }
}
