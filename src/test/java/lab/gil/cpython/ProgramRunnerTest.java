package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * A program runs bounded like a run: stopped with it, killed at the time limit, held to its memory and to the
 * processes its scenario starts, and leaving nothing behind: no process, no temporary file, nothing in /dev/shm.
 */
class ProgramRunnerTest {

    /** Longer than any program here needs on a busy machine; the ones meant to be cut short get less. */
    private static final Duration TIME_LIMIT = Duration.ofSeconds(60);
    /** How long other programs' entries in /dev/shm (other tests on this machine) may take to go away. */
    private static final Duration SHM_SETTLES = Duration.ofSeconds(20);

    private static PythonBuild python;

    @TempDir
    Path temporary;

    @BeforeAll
    static void findPython() {
        python = new PythonBuilds(CPythonProperties.defaults()).main().orElse(null);
        assumeTrue(python != null, "python3 is not installed");
    }

    @Test
    void aStoppedProgramIsKilledWithItsWorkersQueueAndSharedMemoryAndLeavesNothingBehind() throws Exception {
        Set<String> shmBefore = multiprocessingShm();
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "processes", "workers", "2", "tasks", "2",
                "programs", "share 1MB; put 1\nget 1; io 60s"), GreenletLibrary.ASYNCIO, "Stopped");
        AtomicBoolean firstTaskFinished = new AtomicBoolean();

        CPythonOutcome outcome = new ProgramRunner(CPythonProperties.defaults(), temporary).run(program, python,
                TIME_LIMIT, firstTaskFinished::get, task -> firstTaskFinished.set(true));

        assertThat(outcome).isInstanceOfSatisfying(CPythonOutcome.Ended.class, ended -> {
            assertThat(ended.why()).isEqualTo(CPythonOutcome.Ending.STOPPED);
            assertThat(ended.finished()).extracting(FinishedTask::task).containsExactly(0);
            assertThat(ended.message()).contains("Stopped", "1 of 2 tasks had finished");
        });
        assertNothingLeft(shmBefore);
    }

    @Test
    void aProgramPastTheTimeLimitIsKilledAndSaysSo() throws Exception {
        Set<String> shmBefore = multiprocessingShm();
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "process-per-task", "workers", "2",
                "tasks", "2", "programs", "io 60s"), GreenletLibrary.ASYNCIO, "Too long");

        CPythonOutcome outcome = new ProgramRunner(CPythonProperties.defaults(), temporary).run(program, python,
                Duration.ofSeconds(3), () -> false, task -> { });

        assertThat(outcome).isInstanceOfSatisfying(CPythonOutcome.Ended.class, ended -> {
            assertThat(ended.why()).isEqualTo(CPythonOutcome.Ending.TIME_LIMIT);
            assertThat(ended.message()).contains("run time limit of 3 s", "0 of 2 tasks had finished");
        });
        assertNothingLeft(shmBefore);
    }

    @Test
    void eachProcessIsHeldToItsMemoryAndSaysSoWhenItRunsOut() throws Exception {
        // Four payloads of about 100 MB each, made before the clock starts: more than the 256 MB allowed, and more
        // than the stacks of the program's few threads add to that.
        PythonProgram program = PythonProgram.of(Scenarios.of("executor", "processes", "workers", "1", "tasks", "4",
                "programs", "send 100MB\nsend 99MB\nsend 98MB\nsend 97MB"), GreenletLibrary.ASYNCIO, "Too much");

        CPythonOutcome outcome = new ProgramRunner(withMemory(256), temporary).run(program, python, TIME_LIMIT,
                () -> false, task -> { });

        assertThat(outcome).isInstanceOfSatisfying(CPythonOutcome.Ended.class, ended -> {
            assertThat(ended.why()).isEqualTo(CPythonOutcome.Ending.EXITED);
            assertThat(ended.message()).endsWith(": MemoryError");
        });
        assertThat(temporary).isEmptyDirectory();
    }

    @Test
    void threadStacksDoNotCountAgainstAProcesssMemory() throws Exception {
        // A hundred threads reserve about 800 MB of stacks, address space they barely touch.
        PythonProgram program = PythonProgram.of(Scenarios.of("workers", "100", "tasks", "200", "programs",
                "io 10ms"), GreenletLibrary.ASYNCIO, "Many threads");

        CPythonOutcome outcome = new ProgramRunner(withMemory(256), temporary).run(program, python, TIME_LIMIT,
                () -> false, task -> { });

        assertThat(outcome).isInstanceOf(CPythonOutcome.Measured.class);
    }

    @Test
    void whatEndedAProgramIsTheFirstExceptionItsStderrNamesNotWhatItsDyingWorkersPrintedAfter() {
        String stderr = """
                Traceback (most recent call last):
                  File "gil_lab_x.py", line 198, in run_tasks
                RuntimeError: can't start new thread
                Traceback (most recent call last):
                  File "<string>", line 1, in <module>
                EOFError: Ran out of input
                """;

        assertThat(ProgramRunner.cause(stderr)).isEqualTo("RuntimeError: can't start new thread");
        assertThat(ProgramRunner.cause("MemoryError\n")).isEqualTo("MemoryError");
        assertThat(ProgramRunner.cause("something odd\nat the end\n")).isEqualTo("at the end");
    }

    private static CPythonProperties withMemory(int megabytes) {
        return new CPythonProperties("python3", List.of(), List.of(), List.of(), DataSize.ofMegabytes(megabytes), CPythonProperties.AUTO);
    }

    @Test
    void aProgramWithMoreProcessesThanItsScenarioStartsIsStopped() throws Exception {
        Set<String> shmBefore = multiprocessingShm();
        PythonProgram pool = PythonProgram.of(Scenarios.of("executor", "processes", "workers", "4", "tasks", "4",
                "programs", "io 30s"), GreenletLibrary.ASYNCIO, "Pool");
        PythonProgram claimsOneProcess = new PythonProgram(pool.fileName(), pool.source(), pool.needs(), pool.tasks(), 1,
                pool.threads());

        CPythonOutcome outcome = new ProgramRunner(CPythonProperties.defaults(), temporary).run(claimsOneProcess,
                python, TIME_LIMIT, () -> false, task -> { });

        assertThat(outcome).isInstanceOfSatisfying(CPythonOutcome.Ended.class,
                ended -> assertThat(ended.why()).isEqualTo(CPythonOutcome.Ending.TOO_MANY_PROCESSES));
        assertNothingLeft(shmBefore);
    }

    /** No process of the program is alive, its temporary folder is gone, and it left nothing in /dev/shm. */
    private void assertNothingLeft(Set<String> shmBefore) throws IOException, InterruptedException {
        assertThat(processesWithTemporaryFolderIn(temporary)).as("processes of the program").isEmpty();
        assertThat(temporary).isEmptyDirectory();
        // Other programs on this machine may have entries of their own meanwhile; ours would never go away.
        long deadline = System.nanoTime() + SHM_SETTLES.toNanos();
        Set<String> added;
        do {
            added = multiprocessingShm();
            added.removeAll(shmBefore);
        } while (!added.isEmpty() && System.nanoTime() < deadline && pause());
        assertThat(added).as("semaphores and shared memory left in /dev/shm").isEmpty();
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    /** What multiprocessing names in /dev/shm: its semaphores (sem.mp-*) and shared_memory blocks (psm_*). */
    private static Set<String> multiprocessingShm() throws IOException {
        Set<String> names = new HashSet<>();
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm)) {
            try (Stream<Path> entries = Files.list(shm)) {
                entries.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("sem.mp-") || n.startsWith("psm_"))
                        .forEach(names::add);
            }
        }
        return names;
    }

    /** Processes whose TMPDIR, which the runner gives every program, lies in {@code folder}. */
    private static List<Long> processesWithTemporaryFolderIn(Path folder) throws IOException {
        List<Long> found = new java.util.ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : entries) {
                try {
                    String environ = new String(Files.readAllBytes(process.resolve("environ")),
                            StandardCharsets.UTF_8);
                    if (environ.contains("TMPDIR=" + folder)) {
                        found.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException gone) {
                    // ended meanwhile, or not ours to read
                }
            }
        }
        return found;
    }
}
