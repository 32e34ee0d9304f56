package lab.gil.poll;

import org.springframework.http.HttpStatus;

/** A prediction the poll does not take, with the status and the words the student's page shows under the choices. */
public class PredictionRefused extends RuntimeException {

    private final HttpStatus status;

    PredictionRefused(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
