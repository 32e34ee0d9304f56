package lab.gil.cpython;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import lab.gil.machine.EventLoopSources;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Which CPython runs a program, and the sentence a server without the right one says instead. */
class PythonBuildsTest {

    private static final String ABSENT = "/nonexistent/bin/python3";

    @Test
    void aServerWithoutPython3SaysSoAndThatTheEmulationStillRuns() {
        PythonBuilds builds = new PythonBuilds(properties(ABSENT, List.of(ABSENT + ".14t")));

        PythonBuilds.Choice choice = builds.choose(Needs.ANY_CPYTHON);

        assertThat(builds.main()).isEmpty();
        assertThat(choice.found()).isFalse();
        assertThat(choice.whyNot()).isEqualTo(ABSENT + " was not found on this server, so nothing runs in CPython"
                + " here; the emulation runs as ever. Install CPython 3.10 or newer, or set gillab.cpython.python to"
                + " one.");
        assertThat(builds.greenletLibrary()).isEqualTo(GreenletLibrary.ASYNCIO);
    }

    @Test
    void aMissingFreeThreadedBuildIsNamedWithWhereItWasLookedFor() {
        PythonBuilds builds = new PythonBuilds(properties("python3", List.of(ABSENT + ".14t", ABSENT + ".13t")));
        assumeTrue(builds.main().isPresent() && !builds.main().get().freeThreaded(), "needs python3 with a GIL");

        PythonBuilds.Choice choice = builds.choose(Needs.FREE_THREADED);

        assertThat(choice.found()).isFalse();
        assertThat(choice.whyNot()).isEqualTo("This scenario needs a free-threaded CPython, 3.13 or newer"
                + " (python3.13t or python3.14t), and this server has none (it looked for python3, " + ABSENT
                + ".14t, " + ABSENT + ".13t; set gillab.cpython.free-threaded to add one). The emulation runs as ever.");
    }

    @Test
    void python3RunsWhatNeedsAnyCPythonAndSaysWhatItIs() {
        PythonBuilds builds = new PythonBuilds(CPythonProperties.defaults());
        assumeTrue(builds.main().isPresent(), "python3 is not installed");

        PythonBuilds.Choice choice = builds.choose(Needs.ANY_CPYTHON);

        assertThat(choice.build()).isEqualTo(builds.main().get());
        assertThat(choice.build().version()).matches("3\\.\\d+\\.\\d+.*");
        assertThat(choice.build().executable()).as("the interpreter itself, not a launcher").startsWith("/");
    }

    @Test
    void greenletsAreWhatTheSettingNamesAndTheHubFollowsTheSameLoop() {
        PythonBuilds asyncio = new PythonBuilds(CPythonProperties.defaults().withGreenlets("asyncio"));
        assertThat(asyncio.greenletLibrary()).isEqualTo(GreenletLibrary.ASYNCIO);
        assertThat(asyncio.inOrder()).containsExactly(new EventLoopSources.Source("asyncio", "python3"));

        PythonBuilds auto = new PythonBuilds(CPythonProperties.defaults());
        PythonBuilds.Choice gevent = auto.choose(Needs.GEVENT);
        assumeTrue(gevent.found(), "no python3 here has gevent");
        assertThat(auto.greenletLibrary()).as("gevent where a build has it").isEqualTo(GreenletLibrary.GEVENT);
        assertThat(auto.inOrder()).containsExactly(new EventLoopSources.Source("gevent", gevent.build().command()));
        assertThat(new PythonBuilds(CPythonProperties.defaults().withGreenlets("gevent")).inOrder())
                .isEqualTo(auto.inOrder());
    }

    @Test
    void geventAskedForWhereNoBuildHasItRunsNoGreenletProgramAndSaysWhichSettingsHelp() {
        PythonBuilds builds = new PythonBuilds(new CPythonProperties("python3", List.of(), List.of(),
                List.of(ABSENT), DataSize.ofGigabytes(2), "gevent"));
        assumeTrue(builds.main().isPresent() && !builds.main().get().gevent(), "needs python3 without gevent");

        assertThat(builds.greenletLibrary()).isEqualTo(GreenletLibrary.GEVENT);
        assertThat(builds.inOrder()).as("the hub follows a loop measured here, and the page names it")
                .containsExactly(new EventLoopSources.Source("asyncio", "python3"));
        assertThat(builds.choose(Needs.GEVENT).whyNot()).isEqualTo("This scenario needs CPython 3.10 or newer with"
                + " gevent installed, and this server has none (it looked for python3, " + ABSENT + "; set"
                + " gillab.cpython.gevent to add one, or gillab.cpython.greenlets=asyncio to run greenlets as"
                + " asyncio's coroutines). The emulation runs as ever.");
    }

    @Test
    void theSettingIsReadWhateverItsCaseOrSpaces() {
        assertThat(CPythonProperties.defaults().withGreenlets(" AsyncIO ").greenlets()).isEqualTo("asyncio");
    }

    @Test
    void anEventLoopOtherThanGeventOrAsyncioStopsTheServerNamingTheSetting() {
        assertThatThrownBy(() -> CPythonProperties.defaults().withGreenlets("uvloop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("gillab.cpython.greenlets must be auto, gevent or asyncio, not uvloop");
    }

    private static CPythonProperties properties(String python, List<String> freeThreaded) {
        return new CPythonProperties(python, freeThreaded, List.of(), List.of(), DataSize.ofGigabytes(2),
                CPythonProperties.AUTO);
    }
}
