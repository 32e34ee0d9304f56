package lab.gil.cpython.fidelity;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The fidelity table as lines of cells, one per preset and compared figure, and those lines written as CSV (the
 * page's export) or as aligned text (the fidelity benchmark): both read the same {@link FidelityTable}.
 */
public final class FidelityReport {

    static final List<String> HEADER = List.of("lesson", "preset", "figure", "answer_reads_it", "emulation",
            "cpython", "emulation_over_cpython", "beyond_10_percent", "emulation_measured_at", "emulation_busy",
            "cpython_measured_at", "cpython_busy", "cpython_build", "note");

    /** Characters a spreadsheet reads as the start of a formula (OWASP's list: = + - @, tab, carriage return). */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private FidelityReport() {}

    /** Every row's cells, after {@link #HEADER}; busy means a load average above 1.5 per usable core. */
    static List<List<String>> lines(FidelityTable table, int usableCores) {
        List<List<String>> lines = new ArrayList<>();
        for (PresetRow row : table.rows()) {
            PresetMeasurement e = row.emulation();
            PresetMeasurement c = row.cpython();
            for (FigurePair pair : row.figures()) {
                lines.add(List.of(row.preset().lessonId(), row.preset().name(), pair.figure().words(),
                        pair.answers() ? "yes" : "", pair.emulationText(), pair.cpythonText(), pair.ratioText(),
                        pair.disagrees() ? "yes" : "", when(e), busy(e, usableCores), when(c), busy(c, usableCores),
                        c == null || c.build() == null ? "" : c.build(), note(e, c)));
            }
        }
        return lines;
    }

    /** The table as CSV (RFC 4180 line ends), each text cell defused so that a spreadsheet shows it as text. */
    public static String csv(FidelityTable table, int usableCores) {
        StringBuilder csv = new StringBuilder();
        Stream.concat(Stream.of(HEADER), lines(table, usableCores).stream()).forEach(cells ->
                csv.append(cells.stream().map(FidelityReport::cell).collect(Collectors.joining(","))).append("\r\n"));
        return csv.toString();
    }

    /**
     * The table as aligned text for a terminal: one line per preset and figure, {@code >10%} marking a figure
     * beyond the tolerance and {@code busy} one measured on a busy machine, then each lesson's answer in both
     * engines and a count of what disagrees.
     */
    public static String text(FidelityTable table, int usableCores) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("lesson", "preset", "figure", "emulation", "CPython", "emu/CPy", "", "busy"));
        for (PresetRow row : table.rows()) {
            for (FigurePair pair : row.figures()) {
                String busy = Stream.of(busy(row.emulation(), usableCores).isEmpty() ? "" : "emu",
                        busy(row.cpython(), usableCores).isEmpty() ? "" : "CPy")
                        .filter(s -> !s.isEmpty()).collect(Collectors.joining("+"));
                lines.add(List.of(row.preset().lessonId(), row.preset().name(),
                        pair.figure().words() + (pair.answers() ? " *" : ""), pair.emulationText(),
                        pair.cpythonText(), pair.ratioText(), pair.disagrees() ? ">10%" : "", busy));
            }
        }
        int[] widths = new int[lines.getFirst().size()];
        lines.forEach(cells -> {
            for (int i = 0; i < cells.size(); i++) {
                widths[i] = Math.max(widths[i], cells.get(i).length());
            }
        });
        StringBuilder text = new StringBuilder();
        for (List<String> cells : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                line.append(String.format(Locale.ROOT, "%-" + (widths[i] + 2) + "s", cells.get(i)));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        text.append("* the figure the lesson's answer reads. emu/CPy: the emulation's figure over CPython's."
                + " busy: measured at a load average above 1.5 per usable core.\n\nAnswers:\n");
        for (FidelityTable.LessonRows lesson : table.lessons()) {
            AnswerCheck answer = lesson.answer();
            if (answer.hasRule()) {
                text.append(String.format(Locale.ROOT, "  %-40s emulation %s | CPython %s%s%n", lesson.lesson().id(),
                        answer.emulationText(), answer.cpythonText(), answer.disagrees() ? "  DIFFERENT CHOICE" : ""));
            }
        }
        text.append(String.format(Locale.ROOT, "%n%d presets, %d measured in both engines, %d with a figure beyond"
                        + " 10%%, %d lessons whose answer differs.%n", table.rows().size(), table.measured(),
                table.disagreeing(), table.answersDiffering()));
        return text.toString();
    }

    private static String when(PresetMeasurement m) {
        return m == null ? "" : MINUTE.format(m.measuredAt());
    }

    private static String busy(PresetMeasurement m, int usableCores) {
        return m != null && m.busy(usableCores) ? String.format(Locale.ROOT, "load %.1f", m.machineLoad()) : "";
    }

    /** Why a side has no figures: not measured, failed or no build, in the run's own words. */
    private static String note(PresetMeasurement e, PresetMeasurement c) {
        List<String> notes = new ArrayList<>();
        if (e == null) {
            notes.add("emulation: not measured");
        } else if (!PresetMeasurement.MEASURED.equals(e.outcome())) {
            notes.add("emulation " + e.outcome() + ": " + e.message());
        }
        if (c == null) {
            notes.add("CPython: not measured");
        } else if (!PresetMeasurement.MEASURED.equals(c.outcome())) {
            notes.add("CPython " + c.outcome() + ": " + c.message());
        }
        return String.join("; ", notes);
    }

    static String cell(String text) {
        String safe = !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        boolean quote = Stream.of("\"", ",", "\n", "\r").anyMatch(safe::contains);
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    public static String minute(Instant at) {
        return at == null ? "" : MINUTE.format(at);
    }
}
