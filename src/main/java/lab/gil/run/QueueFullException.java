package lab.gil.run;

/**
 * The run queue takes no more runs for now (it holds as many as it may, or the server is stopping); the student
 * should try again in a minute.
 */
public class QueueFullException extends RuntimeException {

    public QueueFullException(int capacity) {
        this("The server already has " + capacity + " runs waiting. Try again in a minute.");
    }

    QueueFullException(String message) {
        super(message);
    }
}
