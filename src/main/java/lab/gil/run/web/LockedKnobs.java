package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * Knobs that someone other than the student has set for the runs a browser starts (a class's instructor locks the
 * GIL for the class): they replace whatever the form sent, so a page that was tampered with, or not yet updated,
 * still runs what the class runs.
 */
public interface LockedKnobs {

    /** Knob name to value, as the form would send them, for runs started by this request; empty when none. */
    Map<String, String> lockedFor(HttpServletRequest request);
}
