package lab.gil.cpython;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The tasks (processes and their threads) of the user this server runs as: what the kernel holds to
 * {@code RLIMIT_NPROC}, a limit it does not apply to root. Read from {@code /proc}; unknown without it.
 */
final class UserTasks {

    private static final Path PROC = Path.of("/proc");

    private UserTasks() {}

    /** This server's user id, or -1 where there is no {@code /proc}. */
    static int uid() {
        try {
            return (Integer) Files.getAttribute(PROC.resolve("self"), "unix:uid");
        } catch (IOException | RuntimeException unknown) {
            return -1;
        }
    }

    /** Tasks of this server's user now, threads included; -1 when they cannot be counted here. */
    static long count() {
        int uid = uid();
        if (uid < 0) {
            return -1;
        }
        long tasks = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path process : entries) {
                tasks += threadsOf(process, uid);
            }
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
        return tasks;
    }

    /** The process's threads if it is {@code uid}'s, else 0 (also when it ended while being read). */
    private static long threadsOf(Path process, int uid) {
        try {
            if ((Integer) Files.getAttribute(process, "unix:uid") != uid) {
                return 0;
            }
            for (String line : Files.readAllLines(process.resolve("status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring("Threads:".length()).strip());
                }
            }
            return 1;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }
}
