package lab.gil.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL for tests: a throw-away cluster made with {@code initdb} in a temporary folder, started on a free
 * loopback port, deleted when closed. Tests get a fresh database each ({@link #createDatabase()}), so they never see
 * each other's rows.
 *
 * <p>PostgreSQL refuses to run as root, and tests run as root on CI: then the server runs as the {@code postgres}
 * user (Debian's package creates it) through {@code runuser}, in a folder that user owns. Without PostgreSQL
 * installed the test is skipped with a message saying how to install it; under CI ({@code CI} set) it fails instead,
 * since {@code .ci/run} installs it.
 */
public final class ThrowawayPostgres implements AutoCloseable {

    /** The superuser {@code initdb} creates; trusted on loopback only, as nothing else can reach the port. */
    public static final String USER = "gillab";
    private static final String OS_USER = "postgres";
    private static final long START_TIMEOUT_SECONDS = 30;

    private static ThrowawayPostgres shared;
    private static final AtomicInteger databases = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asRoot;

    private ThrowawayPostgres(Path bin, Path dir, int port, boolean asRoot) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asRoot = asRoot;
    }

    /** One server for the whole test JVM, started on first use and stopped when the JVM exits. */
    public static synchronized ThrowawayPostgres shared() {
        if (shared == null) {
            shared = start();
            ThrowawayPostgres server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "throwaway-postgres-stop"));
        }
        return shared;
    }

    /** A server of the caller's own, which the caller closes (say, to stop PostgreSQL under running servers). */
    public static ThrowawayPostgres start() {
        Path bin = installedBin().orElse(null);
        if (System.getenv("CI") != null && bin == null) {
            throw new IllegalStateException("CI needs PostgreSQL (Debian: apt-get install postgresql)");
        }
        assumeTrue(bin != null, "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                + "apt-get install postgresql, or skip these tests");
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        try {
            Path dir = Files.createTempDirectory("gil-lab-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ThrowawayPostgres server = new ThrowawayPostgres(bin, dir, freePort(), asRoot);
            if (asRoot) {
                server.run("chown", OS_USER, dir.toString());
            }
            server.run(server.asUser(bin.resolve("initdb").toString(), "-D", server.data().toString(), "-U", USER,
                    "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"));
            server.run(server.asUser(bin.resolve("pg_ctl").toString(), "-D", server.data().toString(), "-w",
                    "-t", Long.toString(START_TIMEOUT_SECONDS), "-l", dir.resolve("server.log").toString(),
                    "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c max_connections=200", "start"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest installed PostgreSQL's programs (Debian's layout), if any. */
    static Optional<Path> installedBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int port() {
        return port;
    }

    /** The JDBC URL of {@code database} on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database of its own for one test, and returns its JDBC URL. */
    public String createDatabase() {
        String name = "test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server at once (no checkpoint: its files are deleted next) and deletes its folder. */
    @Override
    public void close() {
        try {
            run(asUser(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate", "-w", "stop"));
        } catch (RuntimeException e) {
            // Already stopped, or never started: the folder goes anyway.
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless.
        }
    }

    private Path data() {
        return dir.resolve("data");
    }

    private List<String> asUser(String... command) {
        List<String> full = new ArrayList<>();
        if (asRoot) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private void run(String... command) {
        run(List.of(command));
    }

    private void run(List<String> command) {
        try {
            Path output = Files.createTempFile("gil-lab-pg-cmd-", ".log");
            try {
                Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
                if (!p.waitFor(START_TIMEOUT_SECONDS * 2, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took over " + START_TIMEOUT_SECONDS * 2 + " s");
                }
                if (p.exitValue() != 0) {
                    Path log = dir.resolve("server.log");
                    throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                            + Files.readString(output) + (Files.exists(log) ? "\nserver log:\n" + Files.readString(log) : ""));
                }
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
