package lab.gil.run.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import lab.gil.run.Submitter;

/**
 * The class a browser sits in, as its runs see it: whose turns they take and which knobs the class's instructor
 * locked. The classroom implements it; without a classroom (a web slice) nobody sits in a class.
 */
public interface ClassSeats {

    /** The seat of the browser that sent {@code request}, while its class is open; empty when it is in no class. */
    Optional<Seat> seatOf(HttpServletRequest request);

    /**
     * A member's place in their class.
     *
     * @param submitter   the member, who takes turns with their class
     * @param lockedKnobs knob name to value, as the run form names them, that replace what the form sent; empty
     *                    while the class's knobs are unlocked
     */
    record Seat(Submitter submitter, Map<String, String> lockedKnobs) {}
}
