package lab.gil.classroom;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;
import lab.gil.run.Submitter;
import lab.gil.run.web.ClassSeats;
import org.springframework.stereotype.Component;

/** A class member's seat for their runs: they take turns with their class, with the knobs its instructor locked. */
@Component
class MemberSeats implements ClassSeats {

    private final Classes classes;

    MemberSeats(Classes classes) {
        this.classes = classes;
    }

    @Override
    public Optional<Seat> seatOf(HttpServletRequest request) {
        return classes.membership(request).map(m -> new Seat(
                Submitter.classMember(String.valueOf(m.member().id()), m.classroom().code()),
                lockedKnobs(m.classroom().settings())));
    }

    /** The locked knobs as the run form names them; none while the class's knobs are unlocked. */
    static Map<String, String> lockedKnobs(ClassSettings settings) {
        if (!settings.locked()) {
            return Map.of();
        }
        return Map.of("gil", settings.gilId(), "switchInterval", Double.toString(settings.switchIntervalMillis()));
    }
}
