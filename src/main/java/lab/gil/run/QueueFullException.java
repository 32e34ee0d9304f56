package lab.gil.run;

/** The run queue holds as many runs as it may; the student should try again when some have finished. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(int capacity) {
        super("The server already has " + capacity + " runs waiting. Try again in a minute.");
    }
}
