package lab.gil.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A class's results as CSV: one row per round and choice, and no cell a spreadsheet would run as a formula. */
class PollCsvTest {

    private static final OffsetDateTime OPENED = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void cellsThatStartLikeAFormulaArePrefixedAndCellsWithCommasOrQuotesAreQuoted() {
        assertThat(PollCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(PollCsv.cell("+1")).isEqualTo("'+1");
        assertThat(PollCsv.cell("-2")).isEqualTo("'-2");
        assertThat(PollCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(PollCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(PollCsv.cell("Ada, Grace")).isEqualTo("\"Ada, Grace\"");
        assertThat(PollCsv.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(PollCsv.cell("Ada")).isEqualTo("Ada");
        assertThat(PollCsv.cell("")).isEmpty();
    }

    @Test
    void everyRoundListsEveryChoiceWithItsCountTheMeasurementAndWhoChoseIt() {
        Round first = new Round(1, 7, "lesson-2", 1, OPENED, OPENED.plusMinutes(5),
                new MeasuredAnswer("supported", "1.02×", "Same", null), OPENED.plusMinutes(6));
        Round second = new Round(2, 7, "lesson-2", 2, OPENED.plusMinutes(6), null, null, null);
        String csv = PollCsv.write("K7QM", List.of(
                new PollCsv.RoundResult(first, new Tally(1, List.of(
                        new Tally.Count("Half", List.of("=cmd|' /C calc'!A0", "Ada")),
                        new Tally.Count("Same", List.of("Grace"))))),
                new PollCsv.RoundResult(second, new Tally(2, List.of(
                        new Tally.Count("Half", List.of()), new Tally.Count("Same", List.of("Ada")))))));
        assertThat(csv.split("\r\n")).containsExactly(
                "class,lesson,round,opened_at,revealed_at,choice,count,percent,measured,measured_choice,"
                        + "supported_by_measurement,members",
                "K7QM,lesson-2,1,2026-12-01T09:00Z,2026-12-01T09:05Z,Half,2,67,1.02×,Same,false,'=cmd|' /C calc'!A0; Ada",
                "K7QM,lesson-2,1,2026-12-01T09:00Z,2026-12-01T09:05Z,Same,1,33,1.02×,Same,true,Grace",
                "K7QM,lesson-2,2,2026-12-01T09:06Z,,Half,0,0,,,,",
                "K7QM,lesson-2,2,2026-12-01T09:06Z,,Same,1,100,,,,Ada");
    }
}
