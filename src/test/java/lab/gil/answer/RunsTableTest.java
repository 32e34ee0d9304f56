package lab.gil.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A lesson's runs table shows the columns its file names, else the figures its answer reads. */
class RunsTableTest {

    private final AnswerRule fastest = new AnswerRule(Figure.FASTEST, List.of("A", "B"),
            Map.of("A wins", Condition.Presets.of(List.of("A")), "B wins", Condition.Presets.of(List.of("B"))));

    @Test
    void withoutNamedColumnsTheTableShowsWhatTheAnswerReads() {
        assertThat(RunsTable.columns(List.of(), fastest)).containsExactly("wall-time", "cpu-time");
        assertThat(RunsTable.columns(List.of(), null)).containsExactly("wall-time", "speedup");
    }

    @Test
    void namedColumnsReplaceThoseOfTheAnswerInTheirOrder() {
        List<String> capstone = List.of("wall-time", "cpu-time", "workers", "memory-per-worker", "start-cost");
        assertThat(RunsTable.columns(capstone, fastest)).containsExactlyElementsOf(capstone);
    }

    @Test
    void everyColumnAnAnswerReadsIsOneTheTableKnows() {
        for (Figure figure : Figure.values()) {
            AnswerRule rule = switch (figure) {
                case FASTEST -> fastest;
                case HALVES_THE_TIME -> new AnswerRule(figure, List.of("A"),
                        Map.of("Yes", Condition.Presets.of(List.of("A")), "No", Condition.Presets.of(List.of())));
                case TIME_RATIO, COPY_TIME_RATIO -> new AnswerRule(figure, List.of("A", "B"),
                        Map.of("X", Condition.Range.parse("below 1")));
                default -> new AnswerRule(figure, List.of("A"), Map.of("X", Condition.Range.parse("below 1")));
            };
            assertThat(RunsTable.COLUMNS).as(figure.id()).containsAll(RunsTable.columns(List.of(), rule));
        }
    }
}
