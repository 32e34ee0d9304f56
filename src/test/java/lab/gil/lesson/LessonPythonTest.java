package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lab.gil.scenario.ScenarioParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python equivalent a lesson shows runs in real CPython and prints a line for each preset. Lesson 11's runs
 * asyncio always and gevent where it is installed (Debian's python3-gevent installs it for /usr/bin/python3);
 * without gevent it says so and skips that part.
 */
class LessonPythonTest {

    /** Ten thousand waits of a second, twice (asyncio, gevent), and three short experiments, on a busy machine. */
    private static final long SCRIPT_TIMEOUT_SECONDS = 120;

    @TempDir
    Path folder;

    @Test
    void lessonElevensPythonRunsEveryPresetWithAsyncioAndGeventWhenInstalled() throws Exception {
        String python = firstPython("import asyncio", "import gevent");
        assumeTrue(python != null, "python3 is not installed");
        boolean gevent = canRun(python, "import gevent");
        Lesson lesson = new LessonParser(ScenarioParser::presetProblems).parse("11-greenlets-and-coroutines.md",
                Files.readString(Path.of("lessons", "11-greenlets-and-coroutines.md")));
        Path script = folder.resolve("lesson11.py");
        Files.writeString(script, lesson.python());

        Process p = new ProcessBuilder(python, script.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("finished in time").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Ten thousand waits of 1 s at once:")
                .contains("Next to a computing coroutine:").contains("Computing in 5 ms pieces:")
                .contains("Threads, 5 ms switch interval:");
        assertThat(out).contains(gevent ? "gevent, next to a computing greenlet:" : "gevent is not installed");
    }

    /** A python that has {@code preferred} if any, else one that has {@code required}, else null. */
    private static String firstPython(String required, String preferred) throws Exception {
        List<String> pythons = List.of("python3", "/usr/bin/python3");
        for (String python : pythons) {
            if (canRun(python, preferred)) {
                return python;
            }
        }
        for (String python : pythons) {
            if (canRun(python, required)) {
                return python;
            }
        }
        return null;
    }

    private static boolean canRun(String python, String code) {
        try {
            Process p = new ProcessBuilder(python, "-c", code).redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
