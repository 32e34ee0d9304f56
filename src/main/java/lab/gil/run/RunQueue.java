package lab.gil.run;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where runs wait for the cores, in what order, and which of them this server executes: {@link LocalRunQueue}, one
 * server's fair queue in memory, or {@code run.cluster.SharedRunQueue}, the queue several servers share in
 * PostgreSQL. The {@link RunService} knows the runs and executes one at a time; the queue decides the order and the
 * places, and holds each submitter to one run waiting or running at a time.
 *
 * <p>What a run executes, its scenario and the {@link lab.gil.run.measure.RunEngine} that runs it (the emulation,
 * or real CPython), is the run's own business: the queue orders every run alike.
 */
public interface RunQueue {

    /**
     * Queues {@code run} for its submitter. When the submitter has a run waiting, the new run takes that run's place
     * in the order and the old one is taken out, ended as cancelled with {@code replacedWhy}, and returned: a student
     * who pressed Run again changed their mind about what to run, not about when.
     *
     * @throws StillRunning when the submitter's run is running: it ends or is stopped first
     * @throws Full         when the queue holds as many waiting runs as it may
     */
    Optional<Run> add(Run run, String replacedWhy);

    /** Takes {@code run} out of the queue if it still waits, ended as cancelled with {@code why}; false otherwise. */
    boolean cancel(Run run, String why);

    /** Asks whichever server executes {@code run} to stop it (this server's own runs were told already). */
    void requestStop(Run run);

    /** The run's place in the order, 1 for next; 0 when it is not waiting. */
    int position(Run run);

    /** How many runs wait. */
    int length();

    /**
     * A run this server was not told of (another server queued or executes it), followed from here from now on;
     * empty when there is none.
     */
    Optional<Run> find(String id);

    /**
     * Opens the queue for {@link #next}; {@code stopRequests} hears the ids of runs that another server asks this one
     * to stop.
     */
    void open(Consumer<String> stopRequests);

    /**
     * Waits for the next run this server executes and starts it ({@link Run#start()}) before another Run press of
     * its submitter can look; empty once the queue is closed.
     */
    Optional<Run> next() throws InterruptedException;

    /** {@code run}, taken with {@link #next}, begins to execute here: its events are about to flow. */
    void executing(Run run);

    /** {@code run}, taken with {@link #next}, has ended here; its submitter may queue another. */
    void executed(Run run);

    /**
     * Closes the queue: {@link #next} returns empty from now on. The runs that only this server holds are cancelled
     * with {@code why} and returned; runs that other servers may take are left to them.
     */
    List<Run> close(String why);

    /**
     * The queue takes no more runs for now: it holds as many as it may, or its server is stopping. The student should
     * try again in a minute.
     */
    final class Full extends RuntimeException {

        public Full(int capacity) {
            this("The server already has " + capacity + " runs waiting. Try again in a minute.");
        }

        private Full(String message) {
            super(message);
        }

        /** A lone server that is about to stop takes no more runs: nobody would execute them. */
        public static Full stopping() {
            return new Full("This server is stopping for a restart and takes no more runs. Press Run again in a minute.");
        }
    }

    /** The submitter's run is running: each submitter has one run at a time, so a new one waits until it has ended. */
    final class StillRunning extends RuntimeException {

        private final transient Run running;

        public StillRunning(Run running) {
            super("Run " + running.id() + " of this submitter is running");
            this.running = running;
        }

        /** The submitter's run that is running. */
        public Run running() {
            return running;
        }

        /** The message for the student, naming their run ("1 thread, GIL on, io 50s"). */
        public static String explain(String runLabel) {
            return "Your run (" + runLabel + ") is running now. Wait for its result or stop it, then press Run again:"
                    + " each of us has one run at a time, so that the queue stays short for everyone.";
        }
    }
}
