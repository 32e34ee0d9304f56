package lab.gil.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real, throw-away PostgreSQL for tests (the newest installed version, 15 here): a cluster initialised in a temporary folder and started on a free
 * loopback port, once per JVM, stopped and deleted when the JVM ends. Each test asks for a database of its own.
 *
 * <p>PostgreSQL refuses to run as root, and tests here may run as root: then the cluster runs as the
 * {@code postgres} user (through {@code runuser}), which owns its folder. Without PostgreSQL under
 * {@link #BIN}, {@link #get()} skips the calling test with a message saying so; under CI ({@code CI} set) it fails
 * instead, since {@code .ci/run} installs PostgreSQL.
 */
public final class TestPostgres {

    /** Where Debian's postgresql package puts the programs of its newest installed version (15 here). */
    public static final Path BIN = newestInstalled();
    /** The operating-system user the cluster runs as when the tests run as root. */
    private static final String RUN_AS = "postgres";
    /** initdb and a start take a few seconds; a busy machine may take longer. */
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private static TestPostgres instance;
    private static final AtomicInteger databases = new AtomicInteger();

    private final Path folder;
    private final int port;

    private TestPostgres(Path folder, int port) {
        this.folder = folder;
        this.port = port;
    }

    /** The running cluster, started on first use; skips the calling test when PostgreSQL is not installed. */
    public static synchronized TestPostgres get() {
        if (System.getenv("CI") != null && !Files.isExecutable(BIN.resolve("postgres"))) {
            throw new IllegalStateException("CI needs PostgreSQL (Debian: apt-get install postgresql; .ci/run does)");
        }
        Assumptions.assumeTrue(Files.isExecutable(BIN.resolve("postgres")),
                "PostgreSQL is not installed (no " + BIN.resolve("postgres")
                        + "; Debian: apt-get install postgresql): skipping the test on PostgreSQL");
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("Could not start a throw-away PostgreSQL: " + e, e);
            }
        }
        return instance;
    }

    private static Path newestInstalled() {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin")).orElse(Path.of("/usr/lib/postgresql/15/bin"));
        } catch (IOException e) {
            return Path.of("/usr/lib/postgresql/15/bin");
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC URL of a new, empty database on the cluster. */
    public String newDatabaseUrl() {
        String name = "gillab_test_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The database superuser, who may connect without a password (the cluster trusts loopback connections). */
    public String user() {
        return "postgres";
    }

    private static TestPostgres start() throws IOException, InterruptedException {
        // Under the build's target/ when there is one: a cleaner of the shared /tmp (which removed a running
        // cluster's folder here) cannot reach it, and PostgreSQL stops at once when its lock file goes.
        Path target = Path.of("target").toAbsolutePath();
        Path folder = Files.isDirectory(target) ? Files.createTempDirectory(target, "postgres-")
                : Files.createTempDirectory("gil-lab-postgres-");
        folder.toFile().setExecutable(true, false);
        Path data = folder.resolve("data");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            run(false, "chown", RUN_AS + ":", folder.toString());
        }
        int port = freePort();
        run(root, BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync");
        // The socket goes into our folder rather than /var/run/postgresql, which may not exist or not be ours.
        run(root, BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "60",
                "-l", folder.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
        TestPostgres postgres = new TestPostgres(folder, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> postgres.stop(root, data), "stop-test-postgres"));
        return postgres;
    }

    private void stop(boolean root, Path data) {
        try {
            // Kept for whoever wonders why the cluster went away: the folder itself is deleted below.
            Files.copy(folder.resolve("server.log"), Path.of("target", "postgres-server.log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // No target/ folder, or no log: nothing to keep.
        }
        try {
            run(root, BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | InterruptedException | IllegalStateException e) {
            System.err.println("Could not stop the test PostgreSQL in " + folder + ": " + e);
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + folder + ": " + e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Runs a command (as {@link #RUN_AS} when asked) and fails with its output when it does not succeed. */
    private static void run(boolean asPostgresUser, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (asPostgresUser) {
            line.addAll(List.of("runuser", "-u", RUN_AS, "--"));
        }
        line.addAll(List.of(command));
        // Output goes to a file: a pipe could fill up, or be held open by the server pg_ctl starts.
        Path output = Files.createTempFile("gil-lab-postgres-command", ".log");
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        try {
            awaitSuccess(process, line, output);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void awaitSuccess(Process process, List<String> line, Path output)
            throws IOException, InterruptedException {
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", line) + " took more than " + COMMAND_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed (" + process.exitValue() + "): "
                    + Files.readString(output));
        }
    }
}
