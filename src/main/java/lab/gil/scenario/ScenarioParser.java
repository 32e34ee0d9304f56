package lab.gil.scenario;

import static lab.gil.scenario.ScenarioLimits.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lab.gil.interpreter.GilMode;
import lab.gil.program.ProgramSyntaxException;
import lab.gil.program.TaskProgram;

/**
 * Turns the knobs of a scenario, as text from the form or a lesson preset, into a {@link Scenario}, or into one
 * clear message per knob that is wrong. Every knob has bounds; nothing a student types reaches the engine
 * unchecked.
 */
public final class ScenarioParser {

    /** The knobs a scenario has, as the form and lesson files name them. */
    public static final Set<String> KNOBS = Set.of("executor", "workers", "tasks", "programs", "split", "gil",
            "switchInterval");

    private ScenarioParser() {}

    /** The outcome of parsing: a scenario, or messages keyed by knob name. */
    public sealed interface Result {
        record Valid(Scenario scenario) implements Result {}

        record Invalid(Map<String, String> errors) implements Result {}
    }

    public static Result parse(Map<String, String> knobs) {
        Map<String, String> errors = new LinkedHashMap<>();

        ExecutorKind executor = parseExecutor(knobs.get("executor"), errors);
        boolean processes = executor.usesProcesses();
        int workers = processes
                ? parseInt(knobs, "workers", DEFAULT_WORKERS, MIN_WORKERS, MAX_PROCESSES, "processes", errors)
                : executor == ExecutorKind.GREENLETS
                ? parseInt(knobs, "workers", DEFAULT_WORKERS, MIN_WORKERS, MAX_GREENLETS, "greenlets", errors)
                : parseInt(knobs, "workers", DEFAULT_WORKERS, MIN_WORKERS, MAX_WORKERS, "threads", errors);
        if (executor == ExecutorKind.SEQUENTIAL) {
            workers = 1;
        }
        String tasksText = knobs.get("tasks");
        int maxTasks = switch (executor) {
            case PROCESS_PER_TASK -> MAX_PROCESS_PER_TASK_TASKS;
            case GREENLETS -> MAX_GREENLET_TASKS;
            default -> MAX_TASKS;
        };
        int tasks = isBlank(tasksText) ? workers
                : parseInt(knobs, "tasks", workers, MIN_TASKS, maxTasks,
                        executor == ExecutorKind.PROCESS_PER_TASK ? "tasks (each starts a process)" : "tasks", errors);
        List<TaskProgram> programs = parsePrograms(knobs.get("programs"), errors);
        boolean split = parseBoolean(knobs.get("split"), errors);
        GilMode gil = parseGil(knobs.get("gil"), errors);
        if (executor == ExecutorKind.GREENLETS && gil != GilMode.GIL) {
            // One hub runs one greenlet at a time on one thread: no GIL mode changes that.
            errors.put("gil", "Greenlets run one at a time on one thread, whatever the GIL: choose gil.");
        }
        Duration interval = parseSwitchInterval(knobs.get("switchInterval"), errors);

        if (!errors.isEmpty()) {
            return new Result.Invalid(errors);
        }
        Scenario scenario = new Scenario(executor, workers, tasks, programs, split, gil, interval);
        if (scenario.totalCpuIterations() > MAX_TOTAL_CPU_ITERATIONS) {
            errors.put("programs", "That is " + String.format(Locale.ROOT, "%,d", scenario.totalCpuIterations())
                    + " loop iterations in all; the most one run may do is "
                    + String.format(Locale.ROOT, "%,d", MAX_TOTAL_CPU_ITERATIONS) + ".");
            return new Result.Invalid(errors);
        }
        if (processes && scenario.totalBytesPassed() > MAX_TOTAL_BYTES_PASSED) {
            errors.put("programs", "That is " + scenario.totalBytesPassed() / (1024 * 1024) + " MB copied to and from"
                    + " the processes in all; the most one run may copy is " + MAX_TOTAL_BYTES_PASSED / (1024 * 1024)
                    + " MB.");
            return new Result.Invalid(errors);
        }
        return new Result.Valid(scenario);
    }

    /** Problems with a lesson preset: unknown knobs (typos) and anything {@link #parse} rejects. */
    public static List<String> presetProblems(Map<String, String> knobs) {
        List<String> problems = new ArrayList<>();
        for (String key : knobs.keySet()) {
            if (!KNOBS.contains(key)) {
                problems.add("unknown knob \"" + key + "\" (knobs: " + String.join(", ", KNOBS.stream().sorted().toList()) + ")");
            }
        }
        if (parse(knobs) instanceof Result.Invalid(Map<String, String> errors)) {
            errors.forEach((knob, message) -> problems.add(knob + ": " + message));
        }
        return problems;
    }

    private static ExecutorKind parseExecutor(String text, Map<String, String> errors) {
        if (isBlank(text)) {
            return ExecutorKind.THREADS;
        }
        Optional<ExecutorKind> kind = ExecutorKind.byId(text.trim());
        if (kind.isPresent()) {
            return kind.get();
        }
        errors.put("executor", "Choose one of: " + String.join(", ",
                Arrays.stream(ExecutorKind.values()).map(ExecutorKind::id).toList()) + ".");
        return ExecutorKind.THREADS;
    }

    private static int parseInt(Map<String, String> knobs, String knob, int fallback, int min, int max, String noun,
                                Map<String, String> errors) {
        String text = knobs.get(knob);
        if (isBlank(text)) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as an out-of-range number.
        }
        errors.put(knob, "Enter a whole number of " + noun + " from " + min + " to " + max + ".");
        return fallback;
    }

    private static List<TaskProgram> parsePrograms(String text, Map<String, String> errors) {
        if (isBlank(text)) {
            errors.put("programs", "Write a task program, e.g. \"cpu 10000000\" or \"io 50ms\".");
            return List.of();
        }
        List<TaskProgram> programs = new ArrayList<>();
        String[] lines = text.strip().split("\\R");
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            if (programs.size() == MAX_PROGRAMS) {
                errors.put("programs", "At most " + MAX_PROGRAMS + " programs (one per line).");
                return List.of();
            }
            try {
                programs.add(TaskProgram.parse(line));
            } catch (ProgramSyntaxException e) {
                errors.put("programs", (lines.length > 1 ? "Line " + (programs.size() + 1) + ": " : "") + e.getMessage());
                return List.of();
            }
        }
        return programs;
    }

    private static boolean parseBoolean(String text, Map<String, String> errors) {
        if (isBlank(text)) {
            return false;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> {
                errors.put("split", "Write true or false.");
                yield false;
            }
        };
    }

    private static GilMode parseGil(String text, Map<String, String> errors) {
        if (isBlank(text)) {
            return GilMode.GIL;
        }
        return switch (text.trim()) {
            case "gil" -> GilMode.GIL;
            case "free-threaded" -> GilMode.FREE_THREADED;
            case "per-interpreter" -> GilMode.PER_INTERPRETER;
            default -> {
                errors.put("gil", "Choose gil, free-threaded or per-interpreter.");
                yield GilMode.GIL;
            }
        };
    }

    private static Duration parseSwitchInterval(String text, Map<String, String> errors) {
        if (isBlank(text)) {
            return DEFAULT_SWITCH_INTERVAL;
        }
        try {
            double ms = Double.parseDouble(text.trim());
            if (ms >= MIN_SWITCH_INTERVAL_MS && ms <= MAX_SWITCH_INTERVAL_MS) {
                return Duration.ofNanos(Math.round(ms * 1_000_000));
            }
        } catch (NumberFormatException e) {
            // Reported below with the same message as an out-of-range number.
        }
        errors.put("switchInterval", "Enter a switch interval in milliseconds from " + MIN_SWITCH_INTERVAL_MS
                + " to " + (int) MAX_SWITCH_INTERVAL_MS + " (CPython's default is 5).");
        return DEFAULT_SWITCH_INTERVAL;
    }

    private static boolean isBlank(String text) {
        return text == null || text.isBlank();
    }

    /** The knobs that {@link #parse} turns back into {@code scenario}: how a run travels to another server. */
    public static Map<String, String> knobsOf(Scenario scenario) {
        Map<String, String> knobs = new LinkedHashMap<>();
        knobs.put("executor", scenario.executor().id());
        knobs.put("workers", Integer.toString(scenario.workers()));
        knobs.put("tasks", Integer.toString(scenario.tasks()));
        knobs.put("programs", String.join("\n", scenario.programs().stream().map(TaskProgram::text).toList()));
        knobs.put("split", Boolean.toString(scenario.split()));
        knobs.put("gil", gilId(scenario.gil()));
        knobs.put("switchInterval", Double.toString(scenario.switchInterval().toNanos() / 1e6));
        return knobs;
    }

    /** The id a GIL mode has in forms and lesson files. */
    public static String gilId(GilMode mode) {
        return switch (mode) {
            case GIL -> "gil";
            case FREE_THREADED -> "free-threaded";
            case PER_INTERPRETER -> "per-interpreter";
        };
    }
}
