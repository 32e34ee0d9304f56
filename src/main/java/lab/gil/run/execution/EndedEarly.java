package lab.gil.run.execution;

/** Why an execution ended before all of its tasks did, in words for the student. */
public final class EndedEarly extends Exception {

    public EndedEarly(String message, Throwable cause) {
        super(message, cause);
    }
}
