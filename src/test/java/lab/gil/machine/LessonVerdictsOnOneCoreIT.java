package lab.gil.machine;

import java.util.List;
import org.junit.jupiter.api.Tag;

/** Every lesson's verdict on a server that may use one core ({@code taskset -c 0}, as {@code docker run --cpus=1}). */
@Tag("packaged")
class LessonVerdictsOnOneCoreIT extends LessonVerdicts {

    @Override
    int cores() {
        return 1;
    }

    @Override
    List<String> launcher() {
        return firstCores(1);
    }
}
