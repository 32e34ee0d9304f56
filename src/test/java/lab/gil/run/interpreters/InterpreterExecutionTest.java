package lab.gil.run.interpreters;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import lab.gil.run.execution.Execution;
import lab.gil.run.execution.ExecutionFactory;
import lab.gil.run.execution.ExecutionFigures;
import lab.gil.run.execution.ExecutionSpecification;
import lab.gil.run.execution.Measurement;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;

/**
 * A pool of subinterpreters keeps the execution contract, and is what PEP 734's pool is: one GIL and one
 * {@code counter} per interpreter, arguments and results copied, a shared buffer not.
 */
class InterpreterExecutionTest extends ExecutionSpecification {

    private static final Duration NO_TIME_LIMIT = Duration.ofSeconds(50);
    private static final Duration OBSERVE_PERIOD = Duration.ofMillis(20);

    @Override
    protected ExecutionFactory factory() {
        return new InterpretersKind();
    }

    @Override
    protected String executor() {
        return "interpreters";
    }

    /** A crash (os._exit, a crash in C) ends the whole process, every interpreter of it: the run fails. */
    @Override
    protected String crashMessageStart() {
        return "A task failed: the program reached a crash step";
    }

    @Override
    protected String workerKind() {
        return InterpreterExecution.WORKER;
    }

    private static Scenario scenario(String... knobs) {
        Map<String, String> map = new java.util.HashMap<>();
        map.put("executor", "interpreters");
        for (int i = 0; i < knobs.length; i += 2) {
            map.put(knobs[i], knobs[i + 1]);
        }
        return ((ScenarioParser.Result.Valid) ScenarioParser.parse(map)).scenario();
    }

    private static ExecutionFigures run(Scenario scenario) throws Exception {
        Execution execution = new InterpretersKind().create(scenario, CALIBRATION, OBSERVE_PERIOD, true);
        Measurement m = execution.execute(() -> false, NO_TIME_LIMIT, (t, i, e) -> {});
        lastMeasurement = m;
        return execution.figures(m);
    }

    private static Measurement lastMeasurement;

    @Test
    void everyInterpreterHasItsOwnGilSoNobodyWaitsForOneWhateverTheFormSaid() throws Exception {
        ExecutionFigures f = run(scenario("workers", "2", "tasks", "2", "programs", "cpu 400000", "gil", "gil"));
        assertThat(f.gil().mode()).isEqualTo("per-interpreter");
        assertThat(f.gil().waitShare()).as("no GIL is shared").isZero();
        assertThat(f.gil().switches()).as("each GIL is only ever taken by its own interpreter's thread")
                .isLessThanOrEqualTo(2);
    }

    @Test
    void argumentsAndResultsAreCopiedAndCountedAndASharedBufferIsNot() throws Exception {
        run(scenario("workers", "2", "tasks", "4", "programs", "send 1MB; cpu 1000; recv 2MB; share 50MB"));
        assertThat(lastMeasurement.bytesCopied()).as("4 tasks x (1 MB in + 2 MB out), the 50 MB buffer not copied")
                .isEqualTo(4L * 3 * 1024 * 1024);
        assertThat(lastMeasurement.copyNanos()).isPositive();
    }

    @Test
    void eachInterpreterCountsItsOwnCounterAndSharesItWithNoOther() throws Exception {
        ExecutionFigures f = run(scenario("workers", "2", "tasks", "4", "programs", "incr 1000"));
        InterpreterFigures figures = (InterpreterFigures) f.figures();
        assertThat(figures.countersPerInterpreter()).as("one counter per interpreter, each its own tasks'").hasSize(2)
                .allSatisfy(c -> assertThat(c % 1000).as("whole tasks").isZero());
        assertThat(figures.countersPerInterpreter().stream().mapToLong(Long::longValue).sum()).isEqualTo(4000);
        assertThat(f.counter().lost()).as("no interpreter can touch another's counter").isZero();
    }

    @Test
    void startingAnInterpreterIsMeasuredInTheRunAndCPythonsOwnOnlyWhereThereIsAPython314() throws Exception {
        InterpreterFigures figures = (InterpreterFigures) run(scenario("workers", "2", "programs", "cpu 1000"))
                .figures();
        assertThat(figures.startMicrosMedian()).isPositive();
        assertThat(figures.bytesPerInterpreter()).isPositive();
        if (figures.cpython() != null) {
            assertThat(figures.cpython().version()).startsWith("3.1");
            assertThat(figures.cpython().startMicros()).isPositive();
        } else {
            assertThat(CPythonInterpreters.parse("")).as("no python3.14 answered here").isEmpty();
        }
    }

    @Test
    void cpythonsLinesAreReadIntoItsFigure() {
        assertThat(CPythonInterpreters.parse("python 3.14.0\nstart_us 812.5\nkib_each 1890.0\n")).get()
                .isEqualTo(new CPythonInterpreters.Start("3.14.0", 812.5, 1890.0));
        assertThat(CPythonInterpreters.parse("Traceback ...\nModuleNotFoundError: No module named 'concurrent.interpreters'"))
                .isEmpty();
    }
}
