package lab.gil.run;

/** A lone server that is about to stop takes no more runs: the student presses Run again once it is back. */
public class ServerStoppingException extends QueueFullException {

    ServerStoppingException() {
        super("This server is stopping for a restart and takes no more runs. Press Run again in a minute.");
    }
}
