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

/** The lesson pages and the preset fragment, against the real lessons folder. */
@WebMvcTest(controllers = LessonController.class)
@Import({LessonCatalog.class, SecurityConfig.class})
@EnableConfigurationProperties({LessonProperties.class, CoreSamplerProperties.class})
class LessonControllerTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theHomePageListsTheLessonsInOrder() throws Exception {
        MvcTestResult result = mvc.get().uri("/").exchange();
        assertThat(result).hasStatusOk();
        String html = result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(html).contains("Cores and threads").contains("/lessons/cores-and-threads");
        assertThat(html.indexOf("Cores and threads")).isLessThan(html.indexOf("CPU-bound threads and the GIL"));
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
                .contains("sampled every\n                <span class=\"sample-period\">100</span> ms")
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
}
