package lab.gil.cpython.fidelity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load average, which tells a measurement taken among other programs from one taken alone. */
final class MachineLoad {

    private static final Path LOAD_AVERAGE = Path.of("/proc/loadavg");

    private MachineLoad() {}

    /** The 1-minute load average (runnable and waiting threads, machine-wide); NaN where the OS does not say. */
    static double now() {
        try {
            return Double.parseDouble(Files.readString(LOAD_AVERAGE).strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
