package lab.gil.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a short CPython probe printed: the server's one-off measurements of CPython (a process's start, an
 * interpreter's) run a script this way. Empty when the python is absent, fails, or takes longer than it may.
 */
public final class PythonOutput {

    private PythonOutput() {}

    /** Runs {@code command} with no input and returns its output (stdout and stderr), or empty. */
    public static Optional<String> of(List<String> command, long timeoutSeconds) {
        Process process = null;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException absentOrBroken) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
