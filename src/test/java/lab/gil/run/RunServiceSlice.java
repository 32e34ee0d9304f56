package lab.gil.run;

import lab.gil.run.greenlet.GreenletKind;
import lab.gil.run.interpreters.InterpretersKind;
import lab.gil.run.measure.RunMeasurer;
import lab.gil.run.measure.WorkerKinds;
import lab.gil.run.process.ProcessKind;
import lab.gil.run.thread.ThreadKind;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The run service with its local queue, its emulation and every kind of worker, for web slices that start runs
 * (as {@link RunServices#kinds} lists them for tests without Spring).
 */
@TestConfiguration
@Import({RunService.class, LocalRunQueue.class, RunMeasurer.class, WorkerKinds.class, ThreadKind.class,
        ProcessKind.class, GreenletKind.class, InterpretersKind.class})
public class RunServiceSlice {
}
