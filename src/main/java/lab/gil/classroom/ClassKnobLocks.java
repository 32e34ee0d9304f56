package lab.gil.classroom;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import lab.gil.run.web.LockedKnobs;
import org.springframework.stereotype.Component;

/** The GIL knobs a class's instructor locked, for every run a member of the class starts. */
@Component
class ClassKnobLocks implements LockedKnobs {

    private final Classes classes;

    ClassKnobLocks(Classes classes) {
        this.classes = classes;
    }

    @Override
    public Map<String, String> lockedFor(HttpServletRequest request) {
        return MemberCookie.read(request).flatMap(classes::membership)
                .map(m -> knobs(m.classroom().settings()))
                .orElse(Map.of());
    }

    /** The locked knobs as the run form names them; none while the class's knobs are unlocked. */
    static Map<String, String> knobs(ClassSettings settings) {
        if (!settings.locked()) {
            return Map.of();
        }
        return Map.of("gil", settings.gilId(), "switchInterval", Double.toString(settings.switchIntervalMillis()));
    }
}
