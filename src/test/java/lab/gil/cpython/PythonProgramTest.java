package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a scenario's Python program says and contains, read as text: no CPython is needed here. */
class PythonProgramTest {

    @Test
    void aProgramHoldsOnlyTheStepFunctionsItsProgramsCall() {
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "threads", "workers", "2", "tasks", "2",
                "programs", "cpu 20000000", "split", "true"), GreenletLibrary.ASYNCIO, "Two threads");

        assertThat(program.source()).contains("def countdown(n):", "countdown(10_000_000)",
                "from concurrent.futures import ThreadPoolExecutor", "WORKERS = 2", "TASKS = 2");
        assertThat(program.source()).doesNotContain("def io(", "def native(", "hashlib", "multiprocessing",
                "def calibrate(");
        assertThat(program.needs()).isEqualTo(Needs.ANY_CPYTHON);
        assertThat(program.fileName()).isEqualTo("gil_lab_two_threads.py");
    }

    @Test
    void aSplitProgramSaysWhatItWasAndWhatEachTaskDoes() {
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "threads", "workers", "4", "tasks", "4",
                "programs", "cpu 20000000", "split", "true"), GreenletLibrary.ASYNCIO, "Four");

        assertThat(program.source()).contains("\"\"\"cpu 20000000, shared among its tasks: each does cpu 5000000\"\"\"",
                "PROGRAMS = [program_1]");
    }

    @Test
    void identicalProgramsShareOneFunctionAndTaskIRunsProgramIModTheirCount() {
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "processes", "workers", "4", "tasks", "8",
                "programs", "cpu 2000000; crash\ncpu 4000000\ncpu 4000000"), GreenletLibrary.ASYNCIO, "Crash");

        assertThat(program.source()).contains("PROGRAMS = [program_1, program_2, program_2]", "def crash():",
                "os._exit(1)");
        assertThat(program.source()).doesNotContain("def program_3");
    }

    @Test
    void processesArePooledWithTheSpawnStartMethodAndTheirDataCrossesPickled() {
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "processes", "workers", "2", "tasks", "4",
                "programs", "send 50MB; cpu 100000; recv 50MB"), GreenletLibrary.ASYNCIO, "Copy");

        assertThat(program.source()).contains("START_METHOD = \"spawn\"", "context.Pool(WORKERS",
                "SENDS = [[52_428_800]]", "RECVS = [[52_428_800]]", "results.append(ready_made[52_428_800])");
        assertThat(program.processes()).isEqualTo(2 + 3);
    }

    @Test
    void threadsCopyNothingAndSaySoWhereProcessesWould() {
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "threads", "workers", "2", "tasks", "4",
                "programs", "send 50MB; cpu 100000; recv 50MB; share 1MB"), GreenletLibrary.ASYNCIO, "Copy");

        assertThat(program.source()).contains("# send 50MB: a thread gets a reference to the data; nothing is copied",
                "# recv 50MB: a thread returns a reference", "# share 1MB: these workers share one memory");
        assertThat(program.source()).doesNotContain("SENDS =", "shared_memory");
    }

    @Test
    void eachGilModeAndGreenletLibraryNeedsItsBuild() {
        assertThat(PythonProgram.of(Scenarios.of("programs", "cpu 1000", "gil", "free-threaded"),
                GreenletLibrary.GEVENT, "t").needs()).isEqualTo(Needs.FREE_THREADED);
        assertThat(PythonProgram.of(Scenarios.of("programs", "cpu 1000", "gil", "per-interpreter"),
                GreenletLibrary.GEVENT, "t").source()).contains("InterpreterPoolExecutor(max_workers=WORKERS");
        assertThat(PythonProgram.of(Scenarios.of("programs", "cpu 1000", "gil", "per-interpreter"),
                GreenletLibrary.GEVENT, "t").needs()).isEqualTo(Needs.INTERPRETERS);
        assertThat(PythonProgram.of(Scenarios.of("executor", "greenlets", "programs", "io 1ms"),
                GreenletLibrary.GEVENT, "t").needs()).isEqualTo(Needs.GEVENT);
        PythonProgram asyncio = PythonProgram.of(Scenarios.of("executor", "greenlets", "programs", "io 1ms; get 1"),
                GreenletLibrary.ASYNCIO, "t");
        assertThat(asyncio.needs()).isEqualTo(Needs.ANY_CPYTHON);
        assertThat(asyncio.source()).contains("async def program_1(task):", "await io(task, 0.001)", "await get(1, 0.0)",
                "asyncio.run(run_tasks())");
    }

    @Test
    void theSwitchIntervalIsSetAsSysSetswitchintervalSeconds() {
        PythonProgram program = PythonProgram.of(Scenarios.of("programs", "cpu 1000", "switchInterval", "0.5"),
                GreenletLibrary.ASYNCIO, "t");

        assertThat(program.source()).contains("SWITCH_INTERVAL = 0.0005", "sys.setswitchinterval(SWITCH_INTERVAL)",
                "switchInterval  0.5 ms");
    }

    @Test
    void aTitleCannotEndTheDocstringOrReachTheCode() {
        PythonProgram program = PythonProgram.of(Scenarios.of("programs", "cpu 1000"), GreenletLibrary.ASYNCIO,
                "Evil \"\"\"\nimport os; os.system('rm -rf /') \\ \u0007");

        String docstring = program.source().substring(program.source().indexOf("\"\"\"") + 3,
                program.source().indexOf("\"\"\"", program.source().indexOf("\"\"\"") + 3));
        assertThat(docstring).contains("import os; os.system('rm -rf /')");
        assertThat(program.source().split("\"\"\"", -1)[0]).isEqualTo("#!/usr/bin/env python3\n");
        assertThat(program.source()).doesNotContain("\u0007", "\\ ");
        assertThat(program.fileName()).matches("gil_lab_[a-z0-9_]+\\.py");
    }
}
