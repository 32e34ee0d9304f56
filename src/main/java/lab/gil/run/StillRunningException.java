package lab.gil.run;

/** The submitter's run is running: each submitter has one run at a time, so a new one waits until it has ended. */
public class StillRunningException extends RuntimeException {

    public StillRunningException(String runLabel) {
        super("Your run (" + runLabel + ") is running now. Wait for its result or stop it, then press Run again:"
                + " each of us has one run at a time, so that the queue stays short for everyone.");
    }
}
