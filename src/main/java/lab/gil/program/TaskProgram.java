package lab.gil.program;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one task does: a short list of steps, each standing for a Python construct, written as text such as
 * {@code cpu 1000000; io 50ms}.
 *
 * <p>The text form is what lessons, the scenario form and the page show, so it parses strictly and every error
 * names the step at fault. Bounds keep any single task within what a shared classroom server can afford.
 */
public record TaskProgram(List<Step> steps) {

    /** The most steps one program may have. */
    public static final int MAX_STEPS = 16;
    /** The most loop iterations one step may ask for (about a minute of CPython at 60 ns an iteration). */
    public static final long MAX_ITERATIONS = 1_000_000_000L;
    /** The longest wait or CPU time one step may ask for. */
    public static final Duration MAX_DURATION = Duration.ofSeconds(60);
    /** The most data one step may pass or share, and one task may pass in all: 100 MB. */
    public static final long MAX_BYTES = 100L * 1024 * 1024;

    public TaskProgram {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new ProgramSyntaxException("A task program needs at least one step, e.g. \"cpu 1000000\".");
        }
    }

    /** Reads a program such as {@code cpu 1000000; io 50ms}; steps are separated by semicolons. */
    public static TaskProgram parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ProgramSyntaxException("A task program needs at least one step, e.g. \"cpu 1000000\".");
        }
        List<Step> steps = new ArrayList<>();
        for (String raw : text.split(";")) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            if (steps.size() == MAX_STEPS) {
                throw new ProgramSyntaxException("A task program may have at most " + MAX_STEPS + " steps.");
            }
            steps.add(parseStep(part));
        }
        TaskProgram program = new TaskProgram(steps);
        if (program.bytesPassed() > MAX_BYTES) {
            throw new ProgramSyntaxException("A task may pass at most " + Sizes.format(MAX_BYTES)
                    + " in all to and from its process (send and recv steps together).");
        }
        return program;
    }

    private static Step parseStep(String part) {
        String[] words = part.split("\\s+");
        if (words.length == 1 && words[0].equalsIgnoreCase("crash")) {
            return new Step.Crash();
        }
        if (words.length == 3 && (words[0].equalsIgnoreCase("put") || words[0].equalsIgnoreCase("get"))) {
            long items = count(part, words[1].toLowerCase().replace("_", ""));
            Duration work = duration(part, words[2].toLowerCase());
            return words[0].equalsIgnoreCase("put") ? new Step.Put(items, work) : new Step.Get(items, work);
        }
        if (words.length != 2) {
            throw new ProgramSyntaxException("\"" + part + "\" is not a step: write a kind and an amount, e.g. \"cpu 1000000\" or \"io 50ms\".");
        }
        String kind = words[0].toLowerCase();
        String amount = words[1].toLowerCase().replace("_", "");
        return switch (kind) {
            case "cpu" -> new Step.Cpu(count(part, amount));
            case "incr" -> new Step.Increment(count(part, amount), false);
            case "incr-call" -> new Step.Increment(count(part, amount), true);
            case "incr-lock" -> new Step.LockedIncrement(count(part, amount));
            case "incr-shared" -> new Step.SharedIncrement(count(part, amount));
            case "io" -> new Step.Io(duration(part, amount));
            case "native" -> new Step.Native(duration(part, amount));
            case "builtin" -> new Step.Builtin(duration(part, amount));
            case "send" -> new Step.Send(size(part, amount));
            case "recv" -> new Step.Recv(size(part, amount));
            case "share" -> new Step.Share(size(part, amount));
            case "put" -> new Step.Put(count(part, amount), Duration.ZERO);
            case "get" -> new Step.Get(count(part, amount), Duration.ZERO);
            case "crash" -> throw new ProgramSyntaxException("\"" + part + "\": crash takes no amount; write just \"crash\".");
            default -> throw new ProgramSyntaxException("\"" + words[0]
                    + "\" is not a step kind: use cpu, io, native, builtin, incr, incr-call, incr-lock, incr-shared, send, recv, share, put, get or crash.");
        };
    }

    private static long count(String part, String amount) {
        long n;
        try {
            n = Long.parseLong(amount);
        } catch (NumberFormatException e) {
            throw new ProgramSyntaxException("\"" + part + "\": the amount must be a whole number of iterations.");
        }
        if (n < 1 || n > MAX_ITERATIONS) {
            throw new ProgramSyntaxException("\"" + part + "\": iterations must be between 1 and " + MAX_ITERATIONS + ".");
        }
        return n;
    }

    private static Duration duration(String part, String amount) {
        Duration d = Durations.parse(amount);
        if (d == null) {
            throw new ProgramSyntaxException("\"" + part + "\": the amount must be a duration such as 500us, 50ms or 2s.");
        }
        if (d.toNanos() < 1_000 || d.compareTo(MAX_DURATION) > 0) {
            throw new ProgramSyntaxException("\"" + part + "\": durations must be between 1us and " + MAX_DURATION.toSeconds() + "s.");
        }
        return d;
    }

    private static long size(String part, String amount) {
        long bytes = Sizes.parse(amount);
        if (bytes < 0) {
            throw new ProgramSyntaxException("\"" + part + "\": the amount must be a size such as 512B, 64KB or 10MB.");
        }
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw new ProgramSyntaxException("\"" + part + "\": sizes must be between 1B and " + Sizes.format(MAX_BYTES) + ".");
        }
        return bytes;
    }

    /** This program with every amount divided among {@code parts} tasks, as {@code countdown(COUNT // n)} does. */
    public TaskProgram share(int parts) {
        return new TaskProgram(steps.stream().map(s -> s.share(parts)).toList());
    }

    /** The program as text, in the form {@link #parse} reads. */
    public String text() {
        return steps.stream().map(Step::text).collect(Collectors.joining("; "));
    }

    /** Python loop iterations of {@code cpu} steps, the unit progress is counted in for CPU-bound lessons. */
    public long cpuIterations() {
        return steps.stream().mapToLong(s -> s instanceof Step.Cpu c ? c.iterations() : 0).sum();
    }

    /** Bytes this program passes to and from its task ({@code send} and {@code recv} steps): what a process copies. */
    public long bytesPassed() {
        return steps.stream().mapToLong(s -> switch (s) {
            case Step.Send send -> send.bytes();
            case Step.Recv recv -> recv.bytes();
            default -> 0;
        }).sum();
    }
}
