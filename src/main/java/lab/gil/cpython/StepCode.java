package lab.gil.cpython;

import static lab.gil.cpython.PythonLiterals.count;
import static lab.gil.cpython.PythonLiterals.seconds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import lab.gil.program.Step;
import lab.gil.program.TaskProgram;

/**
 * The Python a task program's steps stand for, in one flavour of running tasks, and what that Python needs: the step
 * functions it calls (sections of {@code steps.py}), what must be calibrated, and the modules it imports.
 *
 * <p>Every step means in Python what it means in the emulation ({@link Step}'s javadoc): where the emulation does
 * nothing for a kind of worker (a thread sends a reference, copies nothing), the program says so in a comment.
 */
final class StepCode {

    /** Step functions the programs call, by section name of {@code steps.py}. */
    final Set<String> functions = new LinkedHashSet<>();
    /** Figures {@code calibrate()} must measure, by section name of {@code calibration.py}. */
    final Set<String> calibrations = new LinkedHashSet<>();
    /** Modules to import, as whole import lines. */
    final Set<String> imports = new TreeSet<>();

    private final Flavour flavour;

    StepCode(Flavour flavour) {
        this.flavour = flavour;
    }

    /** The body of one program function: a line per step, indented, with a result list where tasks run apart. */
    List<String> body(TaskProgram program) {
        List<String> lines = new ArrayList<>();
        boolean results = flavour.tasksApart() && program.steps().stream().anyMatch(s -> s instanceof Step.Recv);
        if (results) {
            lines.add("results = []");
        }
        int sent = 0;
        for (Step step : program.steps()) {
            lines.addAll(lines(step, sent));
            if (step instanceof Step.Send) {
                sent++;
            }
        }
        if (flavour.tasksApart()) {
            lines.add(results ? "return results" : "return []");
        } else if (lines.stream().allMatch(line -> line.startsWith("#"))) {
            lines.add("pass");
        }
        return lines.stream().map(line -> "    " + line).toList();
    }

    private List<String> lines(Step step, int sentIndex) {
        String await = flavour.async() ? "await " : "";
        return switch (step) {
            case Step.Cpu cpu -> call("countdown", "countdown(" + count(cpu.iterations()) + ")");
            case Step.Io io -> call("io", await + "io(task, " + seconds(io.duration()) + ")");
            case Step.Native c -> {
                imports.add("import hashlib");
                calibrations.add("native");
                yield call("native", "native(" + seconds(c.cpu()) + ")");
            }
            case Step.Builtin c -> {
                imports.add("import itertools");
                calibrations.add("builtin");
                yield call("builtin", "builtin(" + seconds(c.cpu()) + ")");
            }
            case Step.Increment incr -> incr.callBetween()
                    ? call("incr_call", "incr_call(" + count(incr.times()) + ")")
                    : call("incr", "incr(" + count(incr.times()) + ")");
            case Step.LockedIncrement incr -> call("incr_lock", await + "incr_lock(" + count(incr.times()) + ")");
            case Step.SharedIncrement incr -> flavour.processes()
                    ? call("incr_shared", "incr_shared(" + count(incr.times()) + ")")
                    : List.of("# incr-shared " + incr.times() + ": these workers share one counter anyway, as with incr",
                            only(call("incr", "incr(" + count(incr.times()) + ")")));
            case Step.Send send -> List.of(flavour.tasksApart()
                    ? "# " + send.text() + ": arrived as this task's argument sent[" + sentIndex + "], a pickled copy"
                    : "# " + send.text() + ": a thread gets a reference to the data; nothing is copied");
            case Step.Recv recv -> flavour.tasksApart()
                    ? List.of("results.append(ready_made[" + count(recv.bytes()) + "])  # " + recv.text()
                            + ": a result, which crosses back pickled")
                    : List.of("# " + recv.text() + ": a thread returns a reference to the data; nothing is copied");
            case Step.Share share -> {
                if (!flavour.processes()) {
                    yield List.of("# " + share.text() + ": these workers share one memory; nothing to map");
                }
                imports.add("from multiprocessing import shared_memory");
                yield call("share", "share(" + count(share.bytes()) + ")");
            }
            case Step.Crash ignored -> {
                imports.add("import os");
                yield call("crash", "crash()");
            }
            case Step.Put put -> queueStep("put", "put(" + count(put.items()) + ", " + seconds(put.workPerItem()) + ")");
            case Step.Get get -> queueStep("get",
                    await + "get(" + count(get.items()) + ", " + seconds(get.workPerItem()) + ")");
        };
    }

    private List<String> queueStep(String function, String line) {
        functions.add("busy");
        calibrations.add("busy");
        return call(function, line);
    }

    private List<String> call(String function, String line) {
        functions.add(function);
        return List.of(line);
    }

    private static String only(List<String> lines) {
        return lines.getFirst();
    }
}
