package lab.gil.cpython;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a generated program in a CPython of this server, bounded like a run: a subprocess in a session of its own,
 * with a limit on its time (the run's), on the memory of each of its processes and on their number, stopped with
 * the run, and leaving nothing behind: no process, no file in its temporary folder, nothing in {@code /dev/shm}.
 *
 * <p>The limits, and what binds them where:
 * <ul>
 *   <li>time: the server kills the program's session when the run's time limit is up or the run is stopped;</li>
 *   <li>memory: {@code RLIMIT_DATA} per process, which binds root too: the configured memory, plus the stacks its
 *       threads reserve (8 MiB each, address space that becomes memory only as it is touched), so that a scenario's
 *       thousand threads are not refused for stacks they do not use;</li>
 *   <li>processes: {@code RLIMIT_NPROC}, set to what the server's user has now plus the program's share, which
 *       binds a user other than root (the Docker image runs as one); root is exempt from it (CI, a root
 *       install), so the server also counts the session's processes every {@link #WATCH_PERIOD} and kills a
 *       program that has more than its scenario starts. A container's own {@code --pids-limit} bounds all.</li>
 * </ul>
 * Output is read as it comes: a line per finished task, then the figures; more than {@link #MAX_OUTPUT_BYTES}
 * ends the program.
 */
public final class ProgramRunner {

    /** How often the program's processes are counted. */
    static final Duration WATCH_PERIOD = Duration.ofMillis(500);
    /** The longest the readers may take to read what an ended program wrote: seconds at a load of 50. */
    private static final Duration READ_TO_THE_END = Duration.ofSeconds(60);
    /** How often the stop flag and the clock are looked at. */
    private static final Duration POLL = Duration.ofMillis(50);
    /** Output beyond this is not a GIL Lab program's: 10,000 task lines are about 500 KB. */
    static final long MAX_OUTPUT_BYTES = 4L * 1024 * 1024;
    /** The end of stderr kept for messages. */
    static final int STDERR_TAIL = 8 * 1024;
    /** Tasks the kernel counts beyond a program's own processes and threads: some to spare. */
    private static final int SPARE_TASKS = 64;

    /*
     * Started as `python -I -S -c LAUNCHER memory threads processes flags... program`: it makes itself a session
     * leader, lowers its limits (children inherit them) and becomes the program, same interpreter, same pid. A
     * thread's stack is RLIMIT_STACK's size (glibc's default for new threads), 8 MiB when that is unlimited.
     */
    private static final String LAUNCHER = """
            import os, resource, sys
            def lower(limit, value):
                soft, hard = resource.getrlimit(limit)
                if hard != resource.RLIM_INFINITY:
                    value = min(value, hard)
                resource.setrlimit(limit, (value, value))
            os.setsid()
            stack = resource.getrlimit(resource.RLIMIT_STACK)[0]
            stack = 8 << 20 if stack == resource.RLIM_INFINITY else stack
            lower(resource.RLIMIT_DATA, int(sys.argv[1]) + int(sys.argv[2]) * stack)
            lower(resource.RLIMIT_CORE, 0)
            if int(sys.argv[3]) > 0:
                lower(resource.RLIMIT_NPROC, int(sys.argv[3]))
            os.execv(sys.executable, [sys.executable] + sys.argv[4:])
            """;

    /** A traceback's last line: an exception's name, perhaps dotted, and its message. */
    private static final java.util.regex.Pattern EXCEPTION_LINE =
            java.util.regex.Pattern.compile("[A-Za-z_][\\w.]*(Error|Exception|Exit|Interrupt)(: .*)?");

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final CPythonProperties properties;
    /** Where each program gets a temporary folder of its own. */
    private final Path temporaryFolders;

    public ProgramRunner(CPythonProperties properties) {
        this(properties, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** A runner whose programs' temporary folders are made in {@code temporaryFolders}. */
    ProgramRunner(CPythonProperties properties, Path temporaryFolders) {
        this.properties = properties;
        this.temporaryFolders = temporaryFolders;
    }

    /**
     * Runs {@code program} with {@code build} until it ends, {@code stop} says so or {@code timeLimit} is up,
     * telling {@code onTask} of each task as it finishes, and cleans up after it.
     */
    public CPythonOutcome run(PythonProgram program, PythonBuild build, Duration timeLimit, BooleanSupplier stop,
                              Consumer<FinishedTask> onTask) throws IOException, InterruptedException {
        Path folder = Files.createTempDirectory(temporaryFolders, "gil-lab-cpython-");
        try {
            Path script = folder.resolve(program.fileName());
            Files.writeString(script, program.source());
            return runIn(folder, script, program, build, timeLimit, stop, onTask);
        } finally {
            deleteTree(folder);
        }
    }

    private CPythonOutcome runIn(Path folder, Path script, PythonProgram program, PythonBuild build,
                                 Duration timeLimit, BooleanSupplier stop, Consumer<FinishedTask> onTask)
            throws IOException, InterruptedException {
        // -I: no PYTHON* variables, no user site packages; -S also skips the system's site packages, unless the
        // program needs gevent, which lives there. Spawned workers get the same flags.
        List<String> flags = program.needs() == Needs.GEVENT ? List.of("-I") : List.of("-I", "-S");
        List<String> command = new ArrayList<>(List.of(build.executable()));
        command.addAll(flags);
        command.addAll(List.of("-c", LAUNCHER, Long.toString(properties.memoryPerProcess().toBytes()),
                Integer.toString(program.threads()), Long.toString(processLimit(program))));
        command.addAll(flags);
        command.add(script.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("PYTHON"));
        env.put("TMPDIR", folder.toString()); // multiprocessing's own folders go here, and go with it
        Process process = builder.start();
        process.getOutputStream().close();
        ProgramProcesses processes = new ProgramProcesses(process.toHandle());

        Output output = new Output(onTask);
        // Platform threads: a blocking read of a pipe would hold a virtual thread's carrier meanwhile.
        Thread stdout = Thread.ofPlatform().daemon().name("cpython-stdout").start(() -> output.read(process.getInputStream()));
        StderrTail stderr = new StderrTail();
        Thread stderrReader = Thread.ofPlatform().daemon().name("cpython-stderr").start(() -> stderr.read(process.getErrorStream()));

        CPythonOutcome.Ending ending = null;
        long deadline = System.nanoTime() + timeLimit.toNanos();
        long nextWatch = System.nanoTime() + WATCH_PERIOD.toNanos();
        int allowed = program.processes();
        try {
            while (!process.waitFor(POLL.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (stop.getAsBoolean()) {
                    ending = CPythonOutcome.Ending.STOPPED;
                } else if (System.nanoTime() > deadline) {
                    ending = CPythonOutcome.Ending.TIME_LIMIT;
                } else if (output.tooMuch.get()) {
                    ending = CPythonOutcome.Ending.TOO_MUCH_OUTPUT;
                } else if (System.nanoTime() > nextWatch) {
                    nextWatch = System.nanoTime() + WATCH_PERIOD.toNanos();
                    if (processes.alive().size() > allowed) {
                        ending = CPythonOutcome.Ending.TOO_MANY_PROCESSES;
                    }
                }
                if (ending != null) {
                    processes.endAll();
                    break;
                }
            }
            // A finished program's worker processes and resource tracker end by themselves, within moments.
            processes.afterGrace(ProgramProcesses.TRACKER_GRACE);
        } catch (InterruptedException e) {
            processes.endAll();
            throw e;
        } finally {
            // Every process of the program has ended, so the pipes are at their end: the readers finish reading
            // what was written (the figures come last), however slowly a busy machine lets them.
            stdout.join(READ_TO_THE_END);
            stderrReader.join(READ_TO_THE_END);
        }
        int exitCode = process.exitValue();
        return outcome(ending, exitCode, output, stderr.text(), timeLimit, program);
    }

    private static CPythonOutcome outcome(CPythonOutcome.Ending ending, int exitCode, Output output, String stderr,
                                          Duration timeLimit, PythonProgram program) {
        List<FinishedTask> finished = output.finished();
        if (ending == null && output.figures.get() != null) {
            return new CPythonOutcome.Measured(output.figures.get(), finished);
        }
        if (ending == null && output.refusal.get() != null) {
            JsonNode refusal = output.refusal.get();
            return new CPythonOutcome.Refused(refusal.path("kind").asString(), refusal.path("message").asString());
        }
        String done = finished.size() + " of " + program.tasks() + " tasks had finished";
        String message = switch (ending == null ? CPythonOutcome.Ending.EXITED : ending) {
            case STOPPED -> "Stopped, as the run was; " + done + ".";
            case TIME_LIMIT -> "CPython was still running after the run time limit of " + timeLimit.toSeconds()
                    + " s, so it was stopped; " + done + ".";
            case TOO_MANY_PROCESSES -> "The program had more processes at once than its scenario starts ("
                    + program.processes() + "), so it was stopped; " + done + ".";
            case TOO_MUCH_OUTPUT -> "The program printed more than a GIL Lab program does, so it was stopped; "
                    + done + ".";
            case EXITED -> exitCode == 1 && stderr.isBlank()
                    ? "The program ended with exit code 1 (os._exit(1): a crash ends the whole process, every thread"
                            + " in it too) after " + done + "."
                    : exitCode > 128
                    ? "The program was killed by signal " + (exitCode - 128) + " after " + done + "."
                    : "The program ended with exit code " + exitCode + " after " + done
                            + (stderr.isBlank() ? "." : ": " + cause(stderr));
        };
        return new CPythonOutcome.Ended(ending == null ? CPythonOutcome.Ending.EXITED : ending, exitCode, message,
                finished, stderr);
    }

    /**
     * The exception that ended the program: the first line of stderr that names one ("MemoryError", "RuntimeError:
     * can't start new thread"), since what a dying pool's processes print after it is only its consequence.
     */
    static String cause(String stderr) {
        String[] lines = stderr.strip().split("\\R");
        for (String line : lines) {
            if (EXCEPTION_LINE.matcher(line).matches()) {
                return line;
            }
        }
        return lines[lines.length - 1];
    }

    /**
     * RLIMIT_NPROC for the program: the tasks (threads) the server's user has now, plus what the program may
     * add. 0, meaning none, for root, whom the kernel does not hold to it, and where {@code /proc} is missing.
     */
    private static long processLimit(PythonProgram program) {
        if (UserTasks.uid() == 0) {
            return 0;
        }
        long mine = UserTasks.count();
        return mine <= 0 ? 0 : mine + (long) program.processes() * program.threads() + SPARE_TASKS;
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** What the program printed on stdout: task lines as they come, then its figures or why it cannot run. */
    private static final class Output {
        private final Consumer<FinishedTask> onTask;
        private final List<FinishedTask> finished = new ArrayList<>();
        final AtomicReference<CPythonFigures> figures = new AtomicReference<>();
        final AtomicReference<JsonNode> refusal = new AtomicReference<>();
        final AtomicBoolean tooMuch = new AtomicBoolean();

        Output(Consumer<FinishedTask> onTask) {
            this.onTask = onTask;
        }

        void read(InputStream in) {
            long bytes = 0;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    bytes += line.length() + 1;
                    if (bytes > MAX_OUTPUT_BYTES) {
                        tooMuch.set(true);
                        return;
                    }
                    take(line);
                }
            } catch (IOException closed) {
                // the program was killed: what was read stands
            }
        }

        private void take(String line) {
            if (!line.startsWith("{")) {
                return;
            }
            try {
                JsonNode json = JSON.readTree(line);
                if (json.has("task")) {
                    FinishedTask task = new FinishedTask(json.path("task").asInt(), json.path("seconds").asDouble());
                    synchronized (finished) {
                        finished.add(task);
                    }
                    onTask.accept(task);
                } else if (json.has("figures")) {
                    figures.set(JSON.treeToValue(json.get("figures"), CPythonFigures.class));
                } else if (json.has("error")) {
                    refusal.set(json.get("error"));
                }
            } catch (JacksonException notOurs) {
                // a line that is not the program's JSON: ignored
            }
        }

        List<FinishedTask> finished() {
            synchronized (finished) {
                return List.copyOf(finished);
            }
        }
    }

    /** The last {@link #STDERR_TAIL} characters the program wrote to stderr. */
    private static final class StderrTail {
        private final StringBuilder tail = new StringBuilder();

        void read(InputStream in) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    synchronized (tail) {
                        tail.append(line).append('\n');
                        if (tail.length() > STDERR_TAIL) {
                            tail.delete(0, tail.length() - STDERR_TAIL);
                        }
                    }
                }
            } catch (IOException closed) {
                // the program was killed: what was read stands
            }
        }

        String text() {
            synchronized (tail) {
                return tail.toString();
            }
        }
    }
}
