package lab.gil.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The compose stack's load balancer, run for real: Debian's {@code haproxy} with the repository's own
 * {@code deploy/haproxy.cfg}, only its addresses rewritten to loopback ports (the servers' names become
 * {@code 127.0.0.1:port}, the front end listens on a free loopback port). Skipped with a message where HAProxy is not
 * installed; under CI ({@code CI} set) it fails instead, since {@code .ci/run} installs it.
 */
public final class TestHaproxy implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/haproxy");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private TestHaproxy(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** HAProxy in front of {@code servers} (loopback ports, in the order of the config's servers). */
    public static TestHaproxy inFrontOf(List<Integer> servers) {
        if (System.getenv("CI") != null && !Files.isExecutable(BINARY)) {
            throw new IllegalStateException("CI needs HAProxy (Debian: apt-get install haproxy; .ci/run does)");
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "HAProxy is not installed (no " + BINARY + "; Debian: apt-get install haproxy): skipping the test");
        try {
            String config = Files.readString(Path.of("deploy", "haproxy.cfg"));
            int port = GilLabServer.freePort();
            config = config.replace("bind :8080", "bind 127.0.0.1:" + port);
            for (int i = 0; i < servers.size(); i++) {
                String name = "gil-lab-" + (i + 1) + ":8080";
                if (!config.contains(name)) {
                    throw new IllegalStateException("deploy/haproxy.cfg names no server " + name);
                }
                config = config.replace(name, "127.0.0.1:" + servers.get(i));
            }
            Path folder = Files.createDirectories(Path.of("target", "cluster-servers"));
            Path file = folder.resolve("haproxy.cfg");
            Files.writeString(file, config);
            Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(folder.resolve("haproxy.log").toFile()).start();
            TestHaproxy haproxy = new TestHaproxy(process, port);
            haproxy.awaitListening();
            return haproxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("haproxy exited (" + process.exitValue() + "): see target/cluster-servers/haproxy.log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("haproxy did not listen within " + START_TIMEOUT);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
