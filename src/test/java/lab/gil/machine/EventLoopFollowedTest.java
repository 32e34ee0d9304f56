package lab.gil.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import lab.gil.cpython.CPythonProperties;
import lab.gil.cpython.PythonBuilds;
import org.junit.jupiter.api.Test;

/**
 * The hub is charged what the loop set by {@code gillab.cpython.greenlets} spends on a task: the server hands its
 * {@link PythonBuilds} to the measurement, which times that loop in the build that runs greenlet programs.
 */
class EventLoopFollowedTest {

    @Test
    void asyncioWhenTheSettingSaysSoEvenWhereGeventIsInstalled() {
        PythonBuilds builds = new PythonBuilds(CPythonProperties.defaults().withGreenlets("asyncio"));
        assumeTrue(builds.main().isPresent(), "python3 is not installed");

        Optional<CPythonCostProbe.EventLoop> loop = CPythonCostProbe.eventLoop(builds);

        assertThat(loop).isPresent();
        assertThat(loop.get().loop()).startsWith("asyncio (CPython 3.");
        assertThat(loop.get().startMicros()).isPositive();
    }

    @Test
    void geventByDefaultWhereABuildHasIt() {
        PythonBuilds builds = new PythonBuilds(CPythonProperties.defaults());
        assumeTrue(builds.greenletLibrary() == lab.gil.cpython.GreenletLibrary.GEVENT, "no python3 here has gevent");

        Optional<CPythonCostProbe.EventLoop> loop = CPythonCostProbe.eventLoop(builds);

        assertThat(loop).isPresent();
        assertThat(loop.get().loop()).startsWith("gevent ");
    }
}
