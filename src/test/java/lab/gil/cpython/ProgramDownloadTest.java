package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import lab.gil.run.Run;
import lab.gil.run.RunService;
import lab.gil.security.TestInstructor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A run's scenario downloads as the Python program GIL Lab runs in CPython, titled after the lesson's preset when
 * its knobs are the preset's, and the downloaded file runs in python3 and prints its figures.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", TestInstructor.HASH_PROPERTY})
class ProgramDownloadTest {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** The downloaded program runs two threads of 200,000 increments: seconds, even on a busy machine. */
    private static final Duration PROGRAM_TIMEOUT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    RunService runs;

    @TempDir
    Path home;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();

    @Test
    void aPresetsRunDownloadsAsItsPythonProgramWhichRunsAtHome() throws Exception {
        Run run = runs.submit(Scenarios.of("executor", "threads", "workers", "2", "tasks", "2",
                "programs", "incr 2000000", "split", "true", "gil", "gil", "switchInterval", "5"),
                "race-conditions", null);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/runs/" + run.id() + "/program.py"))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/x-python;charset=UTF-8");
        assertThat(response.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"gil_lab_race_conditions_n_1_gil_on.py\"");
        assertThat(response.body()).startsWith("#!/usr/bin/env python3\n\"\"\"Race conditions: n += 1, GIL on\n")
                .contains("incr(1_000_000)");

        PythonBuild python = new PythonBuilds(CPythonProperties.defaults()).main().orElse(null);
        assumeTrue(python != null, "python3 is not installed");
        Path program = home.resolve("gil_lab_race_conditions_n_1_gil_on.py");
        Files.writeString(program, response.body());
        Process p = new ProcessBuilder(python.executable(), program.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(PROGRAM_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("\"counter\": {\"expected\": 2000000, \"actual\": 2000000, \"lost\": 0}");
    }

    @Test
    void anUnknownRunIsNotFound() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/runs/0123456789abcdef/program.py"))
                .timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
    }
}
