package lab.gil.cpython;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Every process a running program has: the one the server started, which made itself the leader of a session of
 * its own, and everything in that session, its worker processes, multiprocessing's resource tracker, and children
 * whose parent has died (they leave the parent's tree, not its session). Where the system has no {@code /proc},
 * the program's descendants stand in.
 *
 * <p>Ending a program is two rounds: every process but the resource tracker is killed first, so that the tracker,
 * seeing its pipe close, unlinks the named semaphores and shared memory blocks the program left in
 * {@code /dev/shm}; what is still alive after that is killed too.
 */
final class ProgramProcesses {

    /** How long the resource tracker may take to clean up after the others were killed. */
    static final Duration TRACKER_GRACE = Duration.ofSeconds(5);
    /** How long killed processes may take to be gone. */
    static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private static final Path PROC = Path.of("/proc");

    private final ProcessHandle leader;

    ProgramProcesses(ProcessHandle leader) {
        this.leader = leader;
    }

    /** The program's processes alive now, the leader first if it is. */
    Set<ProcessHandle> alive() {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        if (leader.isAlive()) {
            all.add(leader);
        }
        leader.descendants().forEach(all::add);
        inSession().forEach(all::add);
        all.removeIf(p -> !p.isAlive());
        return all;
    }

    /** Kills every process of the program, the resource tracker last, and waits until none is left (bounded). */
    void endAll() throws InterruptedException {
        Set<ProcessHandle> processes = alive();
        List<ProcessHandle> trackers = processes.stream().filter(ProgramProcesses::isResourceTracker).toList();
        processes.stream().filter(p -> !trackers.contains(p)).forEach(ProcessHandle::destroyForcibly);
        awaitGone(trackers, TRACKER_GRACE);
        afterGrace(KILL_GRACE);
    }

    /** Lets the program's remaining processes end by themselves for {@code grace}, then kills what is left. */
    void afterGrace(Duration grace) throws InterruptedException {
        awaitGone(alive(), grace);
        Set<ProcessHandle> left = alive();
        left.forEach(ProcessHandle::destroyForcibly);
        awaitGone(left, KILL_GRACE);
    }

    private static void awaitGone(Iterable<ProcessHandle> processes, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        for (ProcessHandle p : processes) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException stillThere) {
                // killed in the next round, or left for the caller to report
            }
        }
    }

    /** multiprocessing's resource tracker, which unlinks what a killed program left in /dev/shm. */
    private static boolean isResourceTracker(ProcessHandle p) {
        return p.info().arguments().map(args -> String.join(" ", args).contains("resource_tracker")).orElse(false);
    }

    /** Processes of the leader's session, from /proc; none where there is no /proc. */
    private Stream<ProcessHandle> inSession() {
        if (!Files.isDirectory(PROC)) {
            return Stream.empty();
        }
        Set<ProcessHandle> members = new LinkedHashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long pid = Long.parseLong(entry.getFileName().toString());
                if (pid != leader.pid() && sessionOf(entry).orElse(-1L) == leader.pid()) {
                    ProcessHandle.of(pid).ifPresent(members::add);
                }
            }
        } catch (IOException | RuntimeException gone) {
            // A process that ended while listed, or /proc unreadable: what was found stands.
        }
        return members.stream();
    }

    /** The session id in {@code /proc/PID/stat}: the fourth field after the command, which may hold spaces. */
    private static Optional<Long> sessionOf(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Optional.of(Long.parseLong(fields[3]));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
