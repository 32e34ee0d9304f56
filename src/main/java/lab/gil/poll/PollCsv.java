package lab.gil.poll;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A class's poll results as CSV, one row per round and choice: the counts, the share, what was measured, what CPython
 * measured on this server, and who chose it. Every cell is text a spreadsheet may open, and some of it (display names)
 * students typed: a cell that starts like a formula is prefixed with an apostrophe so that it is shown, never
 * evaluated.
 */
final class PollCsv {

    static final List<String> HEADER = List.of("class", "lesson", "round", "opened_at", "revealed_at", "choice",
            "count", "percent", "measured", "measured_choice", "supported_by_measurement", "cpython_measured",
            "cpython_choice", "supported_by_cpython", "cpython_measured_at", "cpython_build", "members");

    /** Characters a spreadsheet reads as the start of a formula (OWASP's list: = + - @, tab, carriage return). */
    private static final String FORMULA_STARTS = "=+-@\t\r";

    private PollCsv() {}

    /** A round with its tally, as exported. */
    record RoundResult(Round round, Tally tally) {}

    static String write(String classCode, List<RoundResult> rounds) {
        StringBuilder csv = new StringBuilder();
        row(csv, HEADER);
        for (RoundResult r : rounds) {
            Round round = r.round();
            CPythonAnswer cpython = round.cpython();
            for (Tally.Count count : r.tally().counts()) {
                List<String> cells = new ArrayList<>(List.of(classCode, round.lessonId(),
                        String.valueOf(round.number()), String.valueOf(round.openedAt()),
                        round.revealedAt() == null ? "" : round.revealedAt().toString(),
                        count.choice(), String.valueOf(count.votes()), String.valueOf(r.tally().percent(count))));
                cells.addAll(answerCells(round.measured(), count));
                cells.addAll(answerCells(cpython == null ? null : cpython.answer(), count));
                cells.add(cpython == null || cpython.measuredAt() == null ? "" : cpython.measuredAt().toString());
                cells.add(cpython == null || cpython.build() == null ? "" : cpython.build());
                cells.add(String.join("; ", count.names()));
                row(csv, cells);
            }
        }
        return csv.toString();
    }

    /** The figure, the choice it supports and whether that is {@code count}'s; empty cells when none was kept. */
    private static List<String> answerCells(MeasuredAnswer answer, Tally.Count count) {
        if (answer == null) {
            return List.of("", "", "");
        }
        return List.of(answer.figure(), answer.choice() == null ? "" : answer.choice(),
                String.valueOf(count.choice().equals(answer.choice())));
    }

    private static void row(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(PollCsv::cell).collect(Collectors.joining(","))).append("\r\n");
    }

    /** One cell: defused if it starts like a formula, then quoted (RFC 4180) when it holds a quote, comma or line break. */
    static String cell(String text) {
        String safe = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        boolean quote = Stream.of("\"", ",", "\n", "\r").anyMatch(safe::contains);
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
