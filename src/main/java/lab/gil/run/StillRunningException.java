package lab.gil.run;

/** The submitter's run is running: each submitter has one run at a time, so a new one waits until it has ended. */
public class StillRunningException extends RuntimeException {

    private final transient Run running;

    public StillRunningException(Run running) {
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
