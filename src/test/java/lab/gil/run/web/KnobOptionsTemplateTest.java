package lab.gil.run.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import lab.gil.interpreter.GilMode;
import lab.gil.scenario.ExecutorKind;
import lab.gil.scenario.ScenarioParser;
import lab.gil.web.Templates;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/** The knobs' option lists are the enums' constants, not a list written out in a template. */
class KnobOptionsTemplateTest {

    private static final SpringTemplateEngine ENGINE = Templates.engine();

    private static String knobs(Map<String, String> knobs) {
        Context context = new Context();
        context.setVariable("knobs", new HashMap<>(knobs));
        return ENGINE.process("run/partials", Set.of("knobs"), context).replaceAll("\\s+", " ");
    }

    @Test
    void theExecutorOptionsAreEveryExecutorKindByItsIdWithItsWords() {
        String html = knobs(Map.of("executor", "processes"));
        for (ExecutorKind kind : ExecutorKind.values()) {
            assertThat(html).contains("<option value=\"" + kind.id() + "\"");
        }
        assertThat(html.split("<option ", -1).length - 1).as("one option per executor and per GIL mode")
                .isEqualTo(ExecutorKind.values().length + GilMode.values().length);
        assertThat(html).contains("<option value=\"processes\" selected=\"selected\">processes (a pool)</option>")
                .contains(">greenlets (one hub)</option>").contains(">process-per-task</option>");
    }

    @Test
    void theGilOptionsAreEveryGilModeByItsIdAndTheDefaultsAreThreadsUnderTheGil() {
        String html = knobs(Map.of());
        Arrays.stream(GilMode.values()).map(ScenarioParser::gilId)
                .forEach(id -> assertThat(html).contains("<option value=\"" + id + "\""));
        assertThat(html).contains("<option value=\"threads\" selected=\"selected\">threads</option>")
                .contains("<option value=\"gil\" selected=\"selected\">gil (CPython default)</option>")
                .contains(">free-threaded (no GIL)</option>").contains(">per-interpreter (one GIL each)</option>");
    }
}
