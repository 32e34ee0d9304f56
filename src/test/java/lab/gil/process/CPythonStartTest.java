package lab.gil.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** CPython's start beside a worker's: measured by running python3 here, never a typed figure. */
class CPythonStartTest {

    @Test
    void theScriptsLinesGiveTheVersionAndEachStartMethodsMedian() {
        assertThat(CPythonStart.parse("python 3.11.7\nspawn 71.5\nfork 8.25\n"))
                .contains(new CPythonStart("3.11.7", 71.5, 8.25));
        assertThat(CPythonStart.parse("python 3.12.1\nspawn 60\n")).get()
                .satisfies(c -> assertThat(c.hasFork()).as("no fork on this platform").isFalse());
        assertThat(CPythonStart.parse("Traceback (most recent call last):\n")).as("a failed script").isEmpty();
    }

    @Test
    void whenPython3IsPresentEachStartIsMeasuredAndPositive() {
        boolean python = new java.io.File("/usr/bin/python3").canExecute();
        var measured = CPythonStart.measure();
        assertThat(measured.isPresent()).as("measured exactly when python3 is here").isEqualTo(python);
        measured.ifPresent(c -> {
            assertThat(c.version()).startsWith("3.");
            assertThat(c.spawnMillis()).isPositive();
            assertThat(c.forkMillis()).as("Linux has fork").isPositive();
            assertThat(c.spawnMillis()).as("spawn starts a fresh interpreter; fork copies the parent")
                    .isGreaterThan(c.forkMillis());
        });
    }
}
