package lab.gil.machine;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a machine measurement holds for: whatever changes what it finds. Another CPU, other cores or another quota,
 * another JVM or other JVM options (a worker's JIT is not the server's, and {@code -XX:TieredStopAtLevel=1} halves
 * the kernel's speed), another build of GIL Lab (its kernel and its hub), another CPython or event loop: any of these
 * and the measurement is made again.
 *
 * @param build        a digest of this server's classpath: each jar's or class folder's path, size and last change
 * @param jvm          the JVM's name and version
 * @param jvmOptions   the JVM's {@code -X} and {@code -XX} options, which change how its code is compiled and run
 * @param cpu          the processor's model, as {@code /proc/cpuinfo} names it (empty elsewhere)
 * @param cores        the cores this server may use, by the kernel's numbers
 * @param quotaCores   the cgroup's quota in cores, or 0 without one
 * @param listedCores  the cores the kernel lists
 * @param workerProcesses whether the server has worker processes to fit
 * @param eventLoops   the event loops the greenlets' costs are measured in, in turn
 * @param python       {@code python3}'s version, or empty without one
 */
record MeasuredFor(String build, String jvm, List<String> jvmOptions, String cpu, List<Integer> cores,
                   double quotaCores, int listedCores, boolean workerProcesses,
                   List<EventLoopSources.Source> eventLoops, String python) {

    /** The longest {@code python3 --version} may take before it counts as absent. */
    private static final long PYTHON_SECONDS = 10;

    /** This server, on the machine {@code facts} describes. */
    static MeasuredFor thisServer(MachineFacts facts, boolean workerProcesses, EventLoopSources eventLoops) {
        return new MeasuredFor(classpathDigest(), System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version"),
                ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(option -> option.startsWith("-X")).toList(),
                cpuModel(), facts.allowance().ownCoreIds(), facts.quotaCores().orElse(0), facts.listedCores(),
                workerProcesses, eventLoops.inOrder(), pythonVersion());
    }

    /**
     * The classpath's jars and class folders, each by its path, its size and its last change (a folder's newest
     * file): a new build, a new image or recompiled classes give another digest.
     */
    private static String classpathDigest() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path path = Path.of(entry);
                long size = 0;
                long changed = 0;
                if (Files.isDirectory(path)) {
                    try (var files = Files.walk(path)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            size += Files.size(file);
                            changed = Math.max(changed, Files.getLastModifiedTime(file).toMillis());
                        }
                    }
                } else if (Files.isRegularFile(path)) {
                    size = Files.size(path);
                    changed = Files.getLastModifiedTime(path).toMillis();
                }
                digest.update((path.toAbsolutePath() + " " + size + " " + changed + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read this server's classpath", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("");
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** {@code python3 -S --version}'s answer, the one the probes run; empty when it is absent or fails. */
    private static String pythonVersion() {
        try {
            Process python = new ProcessBuilder("python3", "-S", "--version").redirectErrorStream(true).start();
            try {
                if (!python.waitFor(PYTHON_SECONDS, TimeUnit.SECONDS) || python.exitValue() != 0) {
                    return "";
                }
                return new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            } finally {
                python.destroyForcibly();
            }
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
