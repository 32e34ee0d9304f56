package lab.gil.machine;

import java.util.List;
import org.junit.jupiter.api.Tag;

/** Every lesson's verdict on a server that may use two cores (the first two, on a machine with more). */
@Tag("packaged")
class LessonVerdictsOnTwoCoresIT extends LessonVerdicts {

    @Override
    int cores() {
        return 2;
    }

    @Override
    List<String> launcher() {
        return firstCores(2);
    }
}
