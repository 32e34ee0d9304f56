package lab.gil.program;

/** A task program that cannot be read; the message says which step and why, in words a student understands. */
public class ProgramSyntaxException extends IllegalArgumentException {

    public ProgramSyntaxException(String message) {
        super(message);
    }
}
