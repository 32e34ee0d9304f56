package lab.gil.run.process;

import java.nio.file.Path;
import lab.gil.process.WorkerLauncher;
import lab.gil.process.WorkerPool;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ExecutionSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A pool of worker processes, each with its own interpreter, keeps the execution contract. */
class ProcessExecutionTest extends ExecutionSpecification {

    @TempDir
    static Path cacheDir;
    private static WorkerPool pool;

    @BeforeAll
    static void startPool() throws Exception {
        pool = new WorkerPool(WorkerLauncher.create(cacheDir, false), 4);
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.shutdown();
    }

    @Override
    protected ExecutionFactory factory() {
        return ProcessExecution.factory(pool);
    }

    @Override
    protected String executor() {
        return "processes";
    }

    /** A process dies alone: its run says which worker died, and the others go on. */
    @Override
    protected String crashMessageStart() {
        return "Worker 0 died";
    }
}
