package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capstone's Python equivalent runs as the lesson shows it: every workload on processes and threads, and on
 * greenlets where gevent is installed (with a clear message where it is not), then what one worker of each costs.
 * It runs with {@code --quick}, a tenth of the work, under the first of these Pythons that has gevent, else the
 * first that exists.
 */
class CapstonePythonTest {

    /** Python on the PATH first; Debian's own, which {@code python3-gevent} installs gevent for, second. */
    private static final List<String> PYTHONS = List.of("python3", "/usr/bin/python3");
    /** About 40 s on a busy 2-core machine, most of it starting processes with spawn. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final List<String> WORKLOADS = List.of("CPU-bound:", "a few slow calls:", "10,000 calls:", "calls + parsing:");

    @TempDir
    Path dir;

    @Test
    void everyWorkloadRunsOnEveryKindOfWorkerAndEachKindsCostIsPrinted() throws Exception {
        Optional<String> withGevent = PYTHONS.stream().filter(p -> runs(p, "import gevent")).findFirst();
        Optional<String> any = PYTHONS.stream().filter(p -> runs(p, "pass")).findFirst();
        assumeThat(any).as("a python3 to run the lesson's program with").isPresent();
        String python = withGevent.orElse(any.get());

        Path script = dir.resolve("choose.py");
        Files.writeString(script, capstone().python());
        Process process = new ProcessBuilder(python, script.toString(), "--quick").redirectErrorStream(true).start();
        boolean ended = process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("finished within " + SCRIPT_TIMEOUT + ":\n" + out).isTrue();
        assertThat(process.exitValue()).as(out).isZero();

        List<String> kinds = withGevent.isPresent() ? List.of("processes", "threads", "greenlets") : List.of("processes", "threads");
        for (String workload : WORKLOADS) {
            String section = out.substring(out.indexOf(workload));
            for (String kind : kinds) {
                assertThat(section).as(workload + " on " + kind).containsPattern("\\d+ " + kind + " +\\d+\\.\\d\\d s");
            }
        }
        assertThat(out).contains("What one worker costs:").containsPattern("one process +holds")
                .containsPattern("one thread +holds");
        if (withGevent.isPresent()) {
            assertThat(out).containsPattern("one greenlet +holds");
        } else {
            assertThat(out).contains("gevent is not installed: greenlets skipped");
        }
    }

    private static Lesson capstone() throws IOException {
        Path file;
        try (var files = Files.list(Path.of("lessons"))) {
            file = files.filter(f -> f.getFileName().toString().startsWith("15-")).findFirst().orElseThrow();
        }
        return new LessonParser(ScenarioParser::presetProblems).parse(file.getFileName().toString(), Files.readString(file));
    }

    private static boolean runs(String python, String code) {
        try {
            Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
