package lab.gil.process;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line that starts a worker process: this JDK's {@code java}, flags chosen for a fast start, and a
 * class path holding only the worker's own classes ({@code lab.gil.process}, {@code .interpreter},
 * {@code .program}, which need nothing but the JDK).
 *
 * <p>Under {@code spring-boot:run} and in tests those classes are a directory on disk; in the packaged fat jar they
 * sit inside {@code BOOT-INF/classes/}, where a plain {@code java -cp} cannot see them. Either way they are copied
 * once into a small jar in a cache directory, named by a hash of the classes, and the worker runs from that jar. A JDK 25 AOT cache is built there on first use by a training run; when that fails the worker
 * starts without it, only a few milliseconds slower.
 *
 * <p>Invariant: immutable once built; {@link #command()} is safe from any thread.
 */
public final class WorkerLauncher {

    private static final Logger log = LoggerFactory.getLogger(WorkerLauncher.class);
    private static final String MAIN = WorkerMain.class.getName();
    private static final List<String> WORKER_PACKAGES = List.of("lab/gil/process/", "lab/gil/interpreter/", "lab/gil/program/");
    private static final String FAT_JAR_CLASSES = "BOOT-INF/classes/";
    /** How long the AOT training run may take before the worker goes without a cache. */
    private static final long TRAINING_TIMEOUT_SECONDS = 60;

    /**
     * Flags measured for start-up (see the README's process benchmark): the serial collector starts fastest;
     * logging goes to stderr so that stdout carries frames only (a missing AOT cache would otherwise print to
     * stdout); the heap is capped at what a task's 100 MB of arguments and results need with room to spare
     * (memory is only used as a task needs it). {@code -XX:TieredStopAtLevel=1} compiles with C1 only: the eval
     * loop's calibrated kernel runs as fast in C1 code as in C2 code here (15 ns an iteration either way, measured),
     * C1 compiles it in a fraction of the CPU time, and once compiled the code is final, so no C2 compilation
     * competes for the cores in the middle of a run. Arrays of a megabyte or more (arguments and results) are
     * allocated straight in the old generation, so that a young collection during a task never copies them into
     * fresh memory (the copying-vs-sharing lesson times those copies).
     */
    public static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
            "-Xmx1g", "-XX:PretenureSizeThreshold=1m", "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr");

    private final String javaCommand;
    private final String classPath;
    /** The AOT cache to start with, or null to start without one. */
    private final Path aotCache;

    /** The flags this launcher starts workers with. */
    private final List<String> flags;

    private WorkerLauncher(String javaCommand, String classPath, Path aotCache, List<String> flags) {
        this.flags = List.copyOf(flags);
        this.javaCommand = javaCommand;
        this.classPath = classPath;
        this.aotCache = aotCache;
    }

    /**
     * Finds the worker's classes and, with {@code useAotCache}, builds or reuses an AOT cache for them under
     * {@code cacheDir}. Takes about a second the first time on a machine, a few milliseconds after.
     */
    public static WorkerLauncher create(Path cacheDir, boolean useAotCache) throws IOException, InterruptedException {
        return create(cacheDir, useAotCache, FLAGS);
    }

    /**
     * The same with other JVM flags, for the benchmark that compares them; {@code flags} must keep the JVM's own
     * messages off stdout ({@code -Xlog:disable -Xlog:all=warning:stderr}).
     */
    public static WorkerLauncher create(Path cacheDir, boolean useAotCache, List<String> flags)
            throws IOException, InterruptedException {
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = workerClassPath(cacheDir);
        WorkerLauncher plain = new WorkerLauncher(javaCommand, classPath, null, flags);
        if (!useAotCache) {
            return plain;
        }
        Path cache = cacheDir.resolve("worker-" + fingerprint(javaCommand, classPath, String.join(" ", flags)) + ".aot");
        if (!Files.exists(cache) && !plain.train(cache)) {
            return plain;
        }
        return new WorkerLauncher(javaCommand, classPath, cache, flags);
    }

    /** The command that starts one worker. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(flags);
        if (aotCache != null) {
            command.add("-XX:AOTCache=" + aotCache);
        }
        command.addAll(List.of("-cp", classPath, MAIN));
        return command;
    }

    /** Whether workers start with an AOT cache. */
    public boolean usesAotCache() {
        return aotCache != null;
    }

    private boolean train(Path cache) throws IOException, InterruptedException {
        // Written under a name of its own and moved into place, so that a server starting at the same moment
        // never maps a half-written cache.
        Path partial = cache.resolveSibling(cache.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        List<String> command = new ArrayList<>();
        command.add(javaCommand);
        command.addAll(flags);
        command.add("-XX:AOTCacheOutput=" + partial);
        command.addAll(List.of("-cp", classPath, MAIN, WorkerMain.TRAIN));
        Process training = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!training.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS) || training.exitValue() != 0) {
                log.warn("Worker AOT cache training failed; workers start without it");
                return false;
            }
        } finally {
            training.destroyForcibly();
        }
        if (!Files.exists(partial)) {
            return false;
        }
        Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.info("Worker AOT cache built: {}", cache);
        return true;
    }

    /**
     * Writes the worker's classes into a small jar named by a hash of their bytes, so that a rebuilt app gets a new
     * jar and a new AOT cache (an AOT cache archives classes from jars only, never from directories).
     */
    private static String workerClassPath(Path cacheDir) throws IOException {
        SortedMap<String, byte[]> classes = workerClasses();
        var digest = sha256();
        classes.forEach((name, bytes) -> {
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        });
        Files.createDirectories(cacheDir);
        Path jar = cacheDir.resolve("worker-" + HexFormat.of().formatHex(digest.digest(), 0, 8) + ".jar");
        if (!Files.exists(jar)) {
            Path partial = Files.createTempFile(cacheDir, "worker-", ".jar.part");
            try (var out = new JarOutputStream(Files.newOutputStream(partial))) {
                for (var e : classes.entrySet()) {
                    JarEntry entry = new JarEntry(e.getKey());
                    entry.setTime(0); // the same classes give the same jar, byte for byte
                    out.putNextEntry(entry);
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return jar.toString();
    }

    /** The worker's class files by jar entry name, read from the class directory or from the Boot fat jar. */
    private static SortedMap<String, byte[]> workerClasses() throws IOException {
        SortedMap<String, byte[]> classes = new TreeMap<>();
        Path location;
        try {
            location = Path.of(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            location = null;
        }
        if (location != null && Files.isDirectory(location)) {
            for (String pkg : WORKER_PACKAGES) {
                Path dir = location.resolve(pkg);
                try (var files = Files.list(dir)) {
                    for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        classes.put(pkg + f.getFileName(), Files.readAllBytes(f));
                    }
                }
            }
            return classes;
        }
        Path fatJar = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0]);
        try (JarFile fat = new JarFile(fatJar.toFile())) {
            for (JarEntry entry : Collections.list(fat.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(FAT_JAR_CLASSES) || !name.endsWith(".class")) {
                    continue;
                }
                String relative = name.substring(FAT_JAR_CLASSES.length());
                if (WORKER_PACKAGES.stream().anyMatch(pkg -> relative.startsWith(pkg) && relative.indexOf('/', pkg.length()) < 0)) {
                    try (InputStream in = fat.getInputStream(entry)) {
                        classes.put(relative, in.readAllBytes());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("no worker classes found: neither a class directory nor " + FAT_JAR_CLASSES
                    + " in " + fatJar);
        }
        return classes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fingerprint(String... parts) {
        var digest = sha256();
        for (String p : parts) {
            digest.update(p.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        digest.update(Runtime.version().toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
