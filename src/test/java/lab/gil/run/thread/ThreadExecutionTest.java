package lab.gil.run.thread;

import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ExecutionSpecification;

/** Threads of the server, sharing one emulated interpreter, keep the execution contract. */
class ThreadExecutionTest extends ExecutionSpecification {

    @Override
    protected ExecutionFactory factory() {
        return ThreadExecution.FACTORY;
    }

    @Override
    protected String executor() {
        return "threads";
    }

    /** A thread cannot die alone: the crash fails the whole run, as it ends a whole Python process. */
    @Override
    protected String crashMessageStart() {
        return "A task failed: the program reached a crash step";
    }

    @Override
    protected String workerKind() {
        return lab.gil.cost.WorkerCost.THREAD;
    }
}
