package lab.gil.interpreter;

/**
 * Thrown by the eval loop at a {@code crash} step: the program asked its process to die. A worker process catches
 * it and halts at once; a thread of the server cannot die alone, so a thread run fails with this message.
 */
public final class CrashRequested extends RuntimeException {

    public CrashRequested() {
        super("the program reached a crash step. A thread cannot die alone: in Python, os._exit() or a crash in C"
                + " code ends the whole process, every thread with it. Run it on processes to see one die alone.");
    }
}
