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
    void everyRoundListsEveryChoiceWithItsCountTheMeasurementCPythonsAndWhoChoseIt() {
        Round first = new Round(1, 7, "lesson-2", 1, OPENED, OPENED.plusMinutes(5),
                new MeasuredAnswer("supported", "1.02×", "Same", null),
                new CPythonAnswer(new MeasuredAnswer("supported", "1.90×", "Half", null), OPENED.minusHours(2),
                        "CPython 3.11.7"),
                OPENED.plusMinutes(6));
        Round second = new Round(2, 7, "lesson-2", 2, OPENED.plusMinutes(6), OPENED.plusMinutes(8),
                new MeasuredAnswer("supported", "1.01×", "Same", null),
                new CPythonAnswer(new MeasuredAnswer("incomplete", "", null, "Two threads"), null, null), null);
        Round third = new Round(3, 7, "lesson-2", 3, OPENED.plusMinutes(9), null, null, null, null);
        String csv = PollCsv.write("K7QM", List.of(
                new PollCsv.RoundResult(first, new Tally(1, List.of(
                        new Tally.Count("Half", List.of("=cmd|' /C calc'!A0", "Ada")),
                        new Tally.Count("Same", List.of("Grace"))))),
                new PollCsv.RoundResult(second, new Tally(2, List.of(
                        new Tally.Count("Half", List.of()), new Tally.Count("Same", List.of("Ada"))))),
                new PollCsv.RoundResult(third, new Tally(3, List.of(
                        new Tally.Count("Half", List.of()), new Tally.Count("Same", List.of()))))));
        assertThat(csv.split("\r\n")).containsExactly(
                "class,lesson,round,opened_at,revealed_at,choice,count,percent,measured,measured_choice,"
                        + "supported_by_measurement,cpython_measured,cpython_choice,supported_by_cpython,"
                        + "cpython_measured_at,cpython_build,members",
                "K7QM,lesson-2,1,2026-12-01T09:00Z,2026-12-01T09:05Z,Half,2,67,1.02×,Same,false,1.90×,Half,true,"
                        + "2026-12-01T07:00Z,CPython 3.11.7,'=cmd|' /C calc'!A0; Ada",
                "K7QM,lesson-2,1,2026-12-01T09:00Z,2026-12-01T09:05Z,Same,1,33,1.02×,Same,true,1.90×,Half,false,"
                        + "2026-12-01T07:00Z,CPython 3.11.7,Grace",
                "K7QM,lesson-2,2,2026-12-01T09:06Z,2026-12-01T09:08Z,Half,0,0,1.01×,Same,false,,,false,,,",
                "K7QM,lesson-2,2,2026-12-01T09:06Z,2026-12-01T09:08Z,Same,1,100,1.01×,Same,true,,,false,,,Ada",
                "K7QM,lesson-2,3,2026-12-01T09:09Z,,Half,0,0,,,,,,,,,",
                "K7QM,lesson-2,3,2026-12-01T09:09Z,,Same,0,0,,,,,,,,,");
    }
}
