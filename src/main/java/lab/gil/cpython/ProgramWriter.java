package lab.gil.cpython;

import static lab.gil.cpython.PythonLiterals.count;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;
import lab.gil.scenario.Scenario;
import lab.gil.scenario.ScenarioParser;

/**
 * Writes the Python program of a scenario: the header that says what it is and how to run it, its imports and
 * knobs, the step functions its programs call, one function per task program, how its tasks run, and main().
 *
 * <p>Only what a scenario uses goes in, so that the program a student downloads is as short as it can be. Its
 * text comes from the scenario's parsed steps and numbers and from {@link PythonFragments}: nothing a request sent
 * reaches it, and the one free text, the title, goes only into the docstring, cleaned.
 */
final class ProgramWriter {

    private final Scenario scenario;
    private final Flavour flavour;
    private final Needs needs;
    private final StepCode code;
    /** The programs the tasks run, each once: task i runs {@code programs.get(i % programs.size())}. */
    private final List<TaskProgram> programs = new ArrayList<>();

    ProgramWriter(Scenario scenario, Flavour flavour, Needs needs) {
        this.scenario = scenario;
        this.flavour = flavour;
        this.needs = needs;
        this.code = new StepCode(flavour);
        // A task runs program i mod the number of programs; with fewer tasks than programs the rest never run.
        for (int k = 0; k < Math.min(scenario.tasks(), scenario.programs().size()); k++) {
            programs.add(scenario.programFor(k));
        }
    }

    String write(String title, String fileName) {
        String programFunctions = programFunctions();
        List<String> parts = new ArrayList<>();
        parts.add(imports());
        parts.add(knobs() + queue());
        parts.add(stepFunctions());
        if (!code.calibrations.isEmpty()) {
            parts.add(calibration());
        }
        parts.add(programFunctions);
        parts.add(PythonFragments.file(flavour.tasksApart() ? "task-in-process.py"
                : flavour.async() ? "task-in-coroutine.py" : "task-in-thread.py"));
        if (flavour.processes()) {
            parts.add(processSetup());
        }
        parts.add(PythonFragments.file(flavour.fragment));
        parts.add(PythonFragments.fill(PythonFragments.file("figures.py"),
                Map.of("BEFORE", beforeTheRun(), "RUN", flavour.async() ? "asyncio.run(run_tasks())" : "run_tasks()")));
        // Two blank lines between top-level parts, as PEP 8 has them.
        return header(title, fileName) + "\n" + parts.stream().map(String::strip)
                .collect(Collectors.joining("\n\n\n")) + "\n";
    }

    private String header(String title, String fileName) {
        String command = switch (needs) {
            case FREE_THREADED -> "python3.13t " + fileName + "    # or python3.14t";
            case INTERPRETERS -> "python3.14 " + fileName;
            default -> "python3 " + fileName;
        };
        String how = "Its tasks run as " + flavour.words + ".";
        if (flavour == Flavour.ASYNCIO) {
            how += " GIL Lab runs greenlets with gevent where it is installed; the CPython it found here has none.";
        }
        return PythonFragments.fill(PythonFragments.file("header.py"), Map.of(
                "TITLE", PythonLiterals.docText(title),
                "SCENARIO", scenarioText(),
                "HOW", how,
                "NEEDS", needs.words(),
                "COMMAND", command));
    }

    /** The scenario's knobs, one per line, as the form and lesson files write them. */
    private String scenarioText() {
        Map<String, String> knobs = new LinkedHashMap<>();
        knobs.put("executor", scenario.executor().id());
        knobs.put("workers", Integer.toString(scenario.workers()));
        knobs.put("tasks", Integer.toString(scenario.tasks()));
        knobs.put("split", scenario.split() ? "true: the amounts are one total, shared among the tasks" : "false");
        knobs.put("gil", ScenarioParser.gilId(scenario.gil()));
        knobs.put("switchInterval", java.math.BigDecimal.valueOf(scenario.switchInterval().toNanos(), 6)
                .stripTrailingZeros().toPlainString() + " ms");
        StringBuilder text = new StringBuilder();
        knobs.forEach((knob, value) -> text.append(String.format(Locale.ROOT, "    %-15s %s%n", knob, value)));
        String indent = "\n    " + " ".repeat(16);
        text.append(String.format(Locale.ROOT, "    %-15s ", "programs")).append(scenario.programs().stream()
                .map(TaskProgram::text).collect(Collectors.joining(indent)));
        return text.toString();
    }

    private String imports() {
        Set<String> lines = new TreeSet<>(List.of("import json", "import platform", "import sys", "import time"));
        lines.addAll(code.imports);
        if (!code.calibrations.isEmpty()) {
            lines.add("import os"); // the calibration times its work on each core
        }
        switch (flavour) {
            case SEQUENTIAL -> lines.add("import threading");
            case THREADS -> lines.addAll(List.of("import threading",
                    "from concurrent.futures import ThreadPoolExecutor"));
            case PROCESS_POOL -> lines.addAll(List.of("import multiprocessing", "import os", "import threading"));
            case PROCESS_PER_TASK -> lines.addAll(List.of("import multiprocessing", "import multiprocessing.connection",
                    "import os", "import threading"));
            case INTERPRETERS -> lines.addAll(List.of("import os", "import threading"));
            case ASYNCIO -> lines.add("import asyncio");
            case GEVENT -> lines.add("import threading");
        }
        if (usesQueue() && (flavour == Flavour.SEQUENTIAL || flavour == Flavour.THREADS)) {
            lines.add("import queue");
        }
        // Plain imports first, then the from-imports, as a person would order them.
        String imports = lines.stream().filter(l -> l.startsWith("import ")).collect(Collectors.joining("\n"))
                + lines.stream().filter(l -> l.startsWith("from ")).map(l -> "\n" + l).collect(Collectors.joining());
        if (flavour == Flavour.GEVENT) {
            imports += "\n\ntry:\n    import gevent\n    import gevent.lock\n    import gevent.pool\n    import gevent.queue\n"
                    + "except ImportError:  # main() says what is missing\n    gevent = None";
        }
        return imports;
    }

    private String knobs() {
        String workers = switch (flavour) {
            case SEQUENTIAL -> "one thread runs every task";
            case THREADS -> "threads in the pool";
            case PROCESS_POOL -> "worker processes in the pool";
            case PROCESS_PER_TASK -> "worker processes at a time, one per task";
            case GEVENT -> "greenlets in the pool";
            case ASYNCIO -> "coroutines running tasks at a time";
            case INTERPRETERS -> "worker threads, each with an interpreter of its own";
        };
        return PythonFragments.fill(PythonFragments.file("knobs.py"), Map.of(
                "WORKERS", Integer.toString(scenario.workers()),
                "WORKERS_MEANING", workers,
                "COUNTER_MEANING", flavour.tasksApart()
                        ? "the counter of the incr steps: every worker has its own; the main process's stays 0"
                        : "the counter of the incr steps: one object, which every task updates",
                "TASKS", Integer.toString(scenario.tasks()),
                "SWITCH_INTERVAL", PythonLiterals.seconds(scenario.switchInterval()),
                "INCREMENTS", count(scenario.totalIncrements())));
    }

    /** The run's queue, where its programs put and get items; worker processes get theirs from the main process. */
    private String queue() {
        if (!usesQueue()) {
            return "";
        }
        return switch (flavour) {
            case SEQUENTIAL, THREADS -> "items = queue.Queue()  # the run's queue (put, get), with no size limit\n";
            case GEVENT -> "items = gevent.queue.Queue() if gevent else None  # the run's queue (put, get)\n";
            case ASYNCIO -> "items = asyncio.Queue()  # the run's queue (put, get), with no size limit\n";
            default -> "";
        };
    }

    private boolean usesQueue() {
        return programs.stream().flatMap(p -> p.steps().stream())
                .anyMatch(s -> s instanceof Step.Put || s instanceof Step.Get);
    }

    /** The step functions the programs call, in the order of {@code steps.py}, each in its flavour's variant. */
    private String stepFunctions() {
        Map<String, String> sections = PythonFragments.sections("steps.py");
        String variant = "@" + flavour.name().toLowerCase(Locale.ROOT);
        List<String> functions = new ArrayList<>();
        for (Map.Entry<String, String> section : sections.entrySet()) {
            String name = section.getKey();
            if (name.contains("@") || !code.functions.contains(name)) {
                continue;
            }
            functions.add(sections.getOrDefault(name + variant, section.getValue()).stripTrailing());
        }
        return String.join("\n\n\n", functions);
    }

    private String calibration() {
        Map<String, String> sections = PythonFragments.sections("calibration.py");
        StringBuilder out = new StringBuilder(sections.get("calibration"));
        for (String figure : List.of("native", "builtin", "busy")) {
            if (code.calibrations.contains(figure)) {
                out.append(sections.get(figure));
            }
        }
        return out.toString().stripTrailing();
    }

    /** One function per distinct program, then PROGRAMS: the function each task runs, by task number mod its length. */
    private String programFunctions() {
        Map<String, String> functionOfBody = new LinkedHashMap<>();
        List<String> functions = new ArrayList<>();
        List<String> table = new ArrayList<>();
        String signature = flavour.tasksApart() ? "(task, *sent)" : "(task)";
        String def = flavour.async() ? "async def " : "def ";
        for (int k = 0; k < programs.size(); k++) {
            List<String> body = code.body(programs.get(k));
            String joined = String.join("\n", body);
            String name = functionOfBody.get(joined);
            if (name == null) {
                name = "program_" + (functionOfBody.size() + 1);
                functionOfBody.put(joined, name);
                functions.add(def + name + signature + ":\n    \"\"\"" + describe(k) + "\"\"\"\n" + joined);
            }
            table.add(name);
        }
        StringBuilder out = new StringBuilder(String.join("\n\n\n", functions));
        out.append("\n\n\nPROGRAMS = [").append(String.join(", ", table))
                .append("]  # task i runs PROGRAMS[i % len(PROGRAMS)]");
        if (flavour.tasksApart()) {
            out.append("\nSENDS = ").append(sizes(Step.Send.class)).append("  # per program: its send steps' bytes");
            out.append("\nRECVS = ").append(sizes(Step.Recv.class)).append("  # per program: its recv steps' bytes");
            out.append("\nRECV_SIZES = ").append(sizeSet(Step.Recv.class));
            if (flavour.processes()) {
                out.append("\nSHARE_SIZES = ").append(sizeSet(Step.Share.class));
            }
        }
        return out.toString();
    }

    /** What program k is, as written, and what each of its tasks does when the scenario splits it. */
    private String describe(int k) {
        TaskProgram written = scenario.programs().get(k);
        TaskProgram ran = programs.get(k);
        if (written.equals(ran)) {
            return written.text();
        }
        return written.text() + ", shared among its tasks: each does " + ran.text();
    }

    private String sizes(Class<? extends Step> kind) {
        return programs.stream().map(p -> "[" + p.steps().stream().filter(kind::isInstance)
                        .map(s -> count(bytes(s))).collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private String sizeSet(Class<? extends Step> kind) {
        List<String> sizes = programs.stream().flatMap(p -> p.steps().stream()).filter(kind::isInstance)
                .map(ProgramWriter::bytes).distinct().sorted().map(PythonLiterals::count).toList();
        return sizes.isEmpty() ? "set()" : "{" + String.join(", ", sizes) + "}";
    }

    private static long bytes(Step step) {
        return switch (step) {
            case Step.Send s -> s.bytes();
            case Step.Recv r -> r.bytes();
            case Step.Share s -> s.bytes();
            default -> 0;
        };
    }

    /** The sections of {@code process-setup.py} this scenario's worker processes need. */
    private String processSetup() {
        Map<String, String> sections = PythonFragments.sections("process-setup.py");
        StringBuilder out = new StringBuilder(sections.get("head"));
        if (code.functions.contains("incr_shared")) {
            out.append(sections.get("shared_counter"));
        }
        if (usesQueue()) {
            out.append(sections.get("items"));
        }
        if (code.functions.contains("share")) {
            out.append(sections.get("blocks"));
        }
        return out.append(sections.get("tail")).toString().stripTrailing();
    }

    /** main()'s lines before the run: a check that this CPython can run the program, then the calibration. */
    private String beforeTheRun() {
        List<String> lines = new ArrayList<>();
        String checkIndent = "    ";
        switch (needs) {
            case FREE_THREADED -> lines.add(checkIndent + "if gil_enabled():\n" + checkIndent
                    + "    fail(\"needs-free-threaded\", \"This scenario runs with no GIL: it needs \" \\\n"
                    + checkIndent + "         \"" + needs.words() + "; this is \" + sys.version.split()[0] + \".\")");
            case INTERPRETERS -> lines.add(checkIndent + "if sys.version_info < (3, 14):\n" + checkIndent
                    + "    fail(\"needs-interpreters\", \"This scenario runs an interpreter per worker: it needs \" \\\n"
                    + checkIndent + "         \"" + needs.words() + "; this is \" + sys.version.split()[0] + \".\")");
            case GEVENT -> lines.add(checkIndent + "if gevent is None:\n" + checkIndent
                    + "    fail(\"needs-gevent\", \"This scenario runs greenlets: it needs gevent (pip install gevent).\")");
            case ANY_CPYTHON -> { }
        }
        if (!code.calibrations.isEmpty()) {
            lines.add(checkIndent + "calibrate()");
        }
        return lines.stream().map(line -> line + "\n").collect(Collectors.joining());
    }
}
