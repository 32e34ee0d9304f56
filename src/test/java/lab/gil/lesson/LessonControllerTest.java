package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import lab.gil.cores.CoreSamplerProperties;
import lab.gil.scenario.ScenarioLimits;
import lab.gil.scenario.ScenarioParser;
import lab.gil.security.SecurityConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import java.util.List;
import java.util.OptionalDouble;
import lab.gil.machine.CpuAllowance;
import lab.gil.machine.MachineFacts;
import lab.gil.machine.ServerMachine;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The lesson pages and the preset fragment, against the real lessons folder. */
@WebMvcTest(controllers = LessonController.class)
@Import({LessonCatalog.class, SecurityConfig.class, LessonControllerTest.OneOfTwoCores.class})
@EnableConfigurationProperties({LessonProperties.class, CoreSamplerProperties.class})
class LessonControllerTest {

    /** A server that may use one of the two cores its kernel lists, as {@code taskset -c 0} gives it. */
    @TestConfiguration
    static class OneOfTwoCores {
        @Bean
        ServerMachine machine() {
            return new ServerMachine(new MachineFacts(new CpuAllowance(1, List.of(0), OptionalDouble.empty()), 2,
                    new double[] {0, 1, 1.0}, null));
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void theHomePageListsTheLessonsInOrder() throws Exception {
        MvcTestResult result = mvc.get().uri("/").exchange();
        assertThat(result).hasStatusOk();
        String html = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("Cores and threads").contains("/lessons/cores-and-threads");
        assertThat(html.indexOf("Cores and threads")).isLessThan(html.indexOf("CPU-bound threads and the GIL"));
        assertThat(html).containsPattern("The core path: about <span class=\"core-minutes\">\\d+</span> minutes")
                .contains("reading at 200 words a minute").contains("Follow-ups").containsPattern("about \\d+ min");
        assertThat(html.indexOf("Race conditions")).as("on the core path, before the follow-ups")
                .isLessThan(html.indexOf("Follow-ups"));
    }

    @Test
    void aLessonPageHasItsPredictionPresetsKnobsAndRunButton() {
        MvcTestResult result = mvc.get().uri("/lessons/cores-and-threads").exchange();
        assertThat(result).hasStatusOk();
        assertThat(result).bodyText()
                .contains("name=\"prediction\"")
                .contains("hx-get=\"/lessons/cores-and-threads/presets/1\"")
                .contains("id=\"knobs\"")
                .contains("hx-post=\"/runs\"")
                .contains("id=\"core-chart-canvas\"")
                .as("the core chart's window and points, from the sampler's settings")
                .contains("data-window-ms=\"30000\"")
                .contains("data-points=\"" + CoreSamplerProperties.defaults().chartPoints() + "\"")
                .containsPattern("sampled every\\s+<span class=\"sample-period\">100</span> ms")
                .contains("The same experiment in Python");
    }

    @Test
    void aPresetButtonGetsOnlyTheKnobsFragmentFilledWithThatPreset() {
        MvcTestResult result = mvc.get().uri("/lessons/cores-and-threads/presets/1").header("HX-Request", "true").exchange();
        assertThat(result).hasStatusOk();
        assertThat(result).bodyText()
                .startsWith("<div id=\"knobs\"")
                // The inputs take the largest bound of any kind (greenlets'); the server checks the kind's own.
                .contains("name=\"workers\" min=\"" + ScenarioLimits.MIN_WORKERS + "\" max=\"" + ScenarioLimits.MAX_GREENLETS
                        + "\" step=\"1\"\n               value=\"2\"")
                .contains("(threads " + ScenarioLimits.MIN_WORKERS + "-" + ScenarioLimits.MAX_WORKERS + ", processes "
                        + ScenarioLimits.MIN_WORKERS + "-" + ScenarioLimits.MAX_PROCESSES + ", greenlets "
                        + ScenarioLimits.MIN_WORKERS + "-" + ScenarioLimits.MAX_GREENLETS + ")")
                .contains("name=\"tasks\" min=\"" + ScenarioLimits.MIN_TASKS + "\" max=\"" + ScenarioLimits.MAX_GREENLET_TASKS + "\"")
                .doesNotContain("<html");
    }

    @Autowired
    LessonCatalog catalog;

    @Test
    void everyLessonPageAndEveryPresetRendersCompletely() throws Exception {
        assertThat(catalog.lessons()).isNotEmpty();
        for (Lesson lesson : catalog.lessons()) {
            MvcTestResult page = mvc.get().uri("/lessons/" + lesson.id()).exchange();
            assertThat(page).as(lesson.id()).hasStatusOk();
            assertThat(page).bodyText().as(lesson.id()).endsWith("</html>\n").doesNotContain("Something went wrong");
            assertOneFieldPerKnob(page.getResponse().getContentAsString(), lesson.id());
            for (int i = 0; i < lesson.presets().size(); i++) {
                MvcTestResult knobs = mvc.get().uri("/lessons/" + lesson.id() + "/presets/" + i).exchange();
                assertThat(knobs).as(lesson.id() + " preset " + i).hasStatusOk();
                assertThat(knobs).bodyText().as(lesson.id() + " preset " + i).contains("name=\"programs\"");
                assertOneFieldPerKnob(knobs.getResponse().getContentAsString(), lesson.id() + " preset " + i);
            }
        }
    }

    /**
     * A form that sends a knob twice runs one of its values silently (a hidden split=false before the checkbox
     * did): every knob has at most one field.
     */
    private static void assertOneFieldPerKnob(String html, String what) {
        for (String knob : ScenarioParser.KNOBS) {
            assertThat(html.split("name=\"" + knob + "\"", -1).length - 1).as(what + ": fields named " + knob)
                    .isLessThanOrEqualTo(1);
        }
    }

    @Test
    void anUnknownLessonOrPresetIsANotFoundWithAMessage() {
        assertThat(mvc.get().uri("/lessons/no-such-lesson").exchange()).hasStatus(404);
        MvcTestResult preset = mvc.get().uri("/lessons/cores-and-threads/presets/99").exchange();
        assertThat(preset).hasStatus(404);
        assertThat(preset.getMvcResult().getResolvedException()).hasMessageContaining("has presets 0 to");
    }

    @Test
    void aLessonPageSaysWhatThisServerMayUseAndItsTextUsesTheSameFigures() {
        MvcTestResult result = mvc.get().uri("/lessons/cores-and-threads").exchange();
        assertThat(result).hasStatusOk();
        assertThat(result).bodyText()
                .contains("id=\"machine-line\"").contains("data-usable-cores=\"1\"").contains("data-listed-cores=\"2\"")
                .containsPattern("This server may use\\s+<strong class=\"usable-cores\">1</strong>\\s+of its <span class=\"listed-cores\">2</span>")
                .contains("<strong class=\"capacity-2\">1.0×</strong> as fast as one")
                .as("the question is written against this server").contains("This server may use 1 of its 2 cores.")
                .doesNotContain("{{");
    }
}
