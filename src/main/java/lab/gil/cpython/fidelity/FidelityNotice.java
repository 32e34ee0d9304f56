package lab.gil.cpython.fidelity;

import java.util.Optional;
import lab.gil.lesson.LessonCatalog;
import org.springframework.stereotype.Component;

/**
 * The line an instructor sees on the lesson list when the server's fidelity check needs them: never made, older
 * than the server's calibration, or finding the emulation off CPython somewhere. Read by the lesson list's
 * template ({@code @fidelityNotice}), for signed-in instructors only.
 */
@Component("fidelityNotice")
public class FidelityNotice {

    private final LessonCatalog lessons;
    private final PresetMeasurements store;

    FidelityNotice(LessonCatalog lessons, PresetMeasurements store) {
        this.lessons = lessons;
        this.store = store;
    }

    /** The sentence, or empty when the check is complete, newer than the calibration and finds nothing. */
    public Optional<String> line() {
        FidelityTable table = FidelityTable.of(lessons.lessons(), store.all());
        if (table.measured() == 0) {
            return Optional.of("The fidelity check has not run on this server: nobody has compared the emulation"
                    + " with CPython here yet.");
        }
        if (!table.complete()) {
            long missing = table.rows().size() - table.measured();
            return Optional.of("The fidelity check has not measured " + missing + " preset" + (missing == 1 ? "" : "s")
                    + " of today's lessons in both engines.");
        }
        if (table.checkedAt().orElseThrow().isBefore(ServerStart.instant())) {
            return Optional.of("The fidelity check is older than this server's calibration, made when it started:"
                    + " measure it again.");
        }
        if (!table.passes()) {
            return Optional.of("The fidelity check finds " + table.disagreeing() + " preset"
                    + (table.disagreeing() == 1 ? "" : "s") + " where the emulation is more than 10% off CPython"
                    + (table.answersDiffering() == 0 ? "" : " and " + table.answersDiffering() + " lesson"
                    + (table.answersDiffering() == 1 ? "" : "s") + " whose answer CPython gives otherwise") + ".");
        }
        return Optional.empty();
    }
}
