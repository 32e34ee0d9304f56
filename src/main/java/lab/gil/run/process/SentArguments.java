package lab.gil.run.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.gil.process.Wire;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The argument objects of one run's {@code send} steps, one per size, made before the run's clock starts, as a
 * Python program builds its data before it submits it: {@code pool.map(f, [data] * n)} pickles the same object
 * for every task, and every worker receives a copy of its own.
 *
 * <p>Made once per run rather than once per task, in memory the server already holds when it can (arrays given back
 * by earlier runs and results, see {@link Wire#payloadArray}), so that a run's copies are timed on data that is
 * already in memory, as {@code data} is in Python, and the server does not touch fresh memory for every task.
 * Invariant: {@link #close()} gives the objects back once the run's last task has been sent.
 */
final class SentArguments implements AutoCloseable {

    /** The object of each size; read-only once made. */
    private final Map<Long, byte[]> objects = new HashMap<>();

    SentArguments(List<TaskProgram> programs) {
        for (TaskProgram program : programs) {
            for (Step step : program.steps()) {
                if (step instanceof Step.Send send) {
                    objects.computeIfAbsent(send.bytes(), size -> Wire.payloadArray(Math.toIntExact(size)));
                }
            }
        }
    }

    /** The objects a task of {@code program} sends, in the order of its send steps. */
    List<byte[]> forProgram(TaskProgram program) {
        List<byte[]> arguments = new ArrayList<>();
        for (Step step : program.steps()) {
            if (step instanceof Step.Send send) {
                arguments.add(objects.get(send.bytes()));
            }
        }
        return arguments;
    }

    @Override
    public void close() {
        Wire.giveBack(List.copyOf(objects.values()));
        objects.clear();
    }
}
