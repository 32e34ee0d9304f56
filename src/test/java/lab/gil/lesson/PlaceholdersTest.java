package lab.gil.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A lesson's placeholders say what is true on the server that runs it. */
class PlaceholdersTest {

    private final Placeholders eightCores = new Placeholders(Map.of("cores", 8.0, "capacity-2", 1.94,
            "iteration-ns", 24.7));

    @Test
    void aFigureAndSmallExpressionsOfFiguresAreFilledIn() {
        assertThat(eightCores.fill("as many processes as cores ({{cores}}), then {{ cores * 4 }}", "q"))
                .isEqualTo("as many processes as cores (8), then 32");
        assertThat(eightCores.fill("{{min(cores * 16, 64)}} and {{max(cores - 7, 2)}}", "q")).isEqualTo("64 and 2");
        assertThat(eightCores.fill("{{iteration-ns * 200000 / 1000000}} ms", "q")).isEqualTo("4.94 ms");
        assertThat(eightCores.fill("{{capacity-2}}x", "q")).isEqualTo("1.94x");
        assertThat(eightCores.fill("{{(cores + 2) / 4}}", "q")).isEqualTo("2.5");
        assertThat(eightCores.fill("no placeholder {here}", "q")).isEqualTo("no placeholder {here}");
    }

    @Test
    void anUnknownFigureOrAMalformedExpressionNamesTheFieldAndTheFigures() {
        assertThatThrownBy(() -> eightCores.fill("{{cpus}}", "prediction.question"))
                .isInstanceOf(LessonFormatException.class)
                .hasMessageContaining("prediction.question: {{cpus}}: no figure is called \"cpus\"")
                .hasMessageContaining("capacity-2, cores, iteration-ns");
        assertThatThrownBy(() -> eightCores.fill("{{cores *}}", "body")).isInstanceOf(LessonFormatException.class)
                .hasMessageContaining("body: {{cores *}}: an expression is missing");
        assertThatThrownBy(() -> eightCores.fill("{{cores / 0}}", "body")).hasMessageContaining("not a finite number");
    }

    @Test
    void everyStringOfTheFrontMatterIsFilledButTheSkippedFields() {
        Object filled = eightCores.fillTree(Map.of("prediction", Map.of("choices", List.of("{{cores}} processes")),
                "python", "print(f\"{{x}}\")"), "", Set.of("python"));
        assertThat(filled).isEqualTo(Map.of("prediction", Map.of("choices", List.of("8 processes")),
                "python", "print(f\"{{x}}\")"));
    }
}
