package lab.gil.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import lab.gil.run.summary.RunSummary;
import lab.gil.run.thread.ThreadFigures;
import lab.gil.web.Templates;
import org.junit.jupiter.api.Test;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;

/** The comparison shows each run's other work, and says in words which run a busy machine disturbed. */
class CompareOtherWorkTemplateTest {

    private static final SpringTemplateEngine ENGINE = Templates.engine();

    private static String render(RunSummary summary) {
        Context context = new Context();
        context.setVariable("s", summary);
        return ENGINE.process("compare/partials", Set.of("other-work"), context).replaceAll("\\s+", " ").strip();
    }

    /** What a reader sees: the text without its tags. */
    private static String text(String html) {
        return html.replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
    }

    private static RunSummary withOtherWork(RunSummary.OtherWork otherWork) {
        return new RunSummary(2, 2, 1000, 2000, 2000, 2.0, 1000,
                new RunSummary.GilFigures("free-threaded", 0, 0, 0, 0, 0, 0, 0), null,
                new RunSummary.SystemFigures(10, 5, 0, 0, java.util.List.of()), new ThreadFigures(),
                RunSummary.Comparison.measured(2, 2, false), null, otherWork, null);
    }

    @Test
    void aDisturbedRunSaysSoBesideItsOtherWork() {
        String html = render(withOtherWork(new RunSummary.OtherWork(0.62, 2, 1800)));
        assertThat(html).contains("class=\"other-work disturbed\"");
        assertThat(text(html)).isEqualTo("0.62 of 2 cores: disturbed, slower than this machine alone would give");
    }

    @Test
    void aQuietRunShowsItsOtherWorkWithoutTheMark() {
        String html = render(withOtherWork(new RunSummary.OtherWork(0.05, 2, 1800)));
        assertThat(html).doesNotContain("disturbed");
        assertThat(text(html)).isEqualTo("0.05 of 2 cores");
    }

    @Test
    void aRunWithoutTheFigureOrWithoutASummaryShowsADash() {
        assertThat(text(render(withOtherWork(null)))).isEqualTo("–");
        assertThat(text(render(null))).isEqualTo("–");
    }
}
