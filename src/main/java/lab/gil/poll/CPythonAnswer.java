package lab.gil.poll;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import lab.gil.cpython.fidelity.CPythonAnswers;
import lab.gil.cpython.fidelity.FidelityReport;

/**
 * What CPython's figures kept on this server answered when a round was revealed, read by the lesson's own rule, kept
 * with the round beside what the instructor's runs measured: the emulation is the picture, CPython the truth.
 *
 * @param answer     CPython's answer, as the emulation's is kept
 * @param measuredAt when CPython measured the presets the answer read; null unless it measured them all
 * @param build      what ran them, such as "CPython 3.11.7"; null unless it measured them all
 */
public record CPythonAnswer(MeasuredAnswer answer, OffsetDateTime measuredAt, String build) {

    /** Where an instructor has CPython measure the lesson's presets: the fidelity page's button, in its own words. */
    static final String HOW_TO_MEASURE = "“Re-measure every preset” on the fidelity page (/instructor/fidelity)";

    static CPythonAnswer of(CPythonAnswers.Kept kept) {
        return new CPythonAnswer(MeasuredAnswer.of(kept.answer()),
                kept.measuredAt() == null ? null : kept.measuredAt().atOffset(ZoneOffset.UTC), kept.build());
    }

    /** Whether CPython's figures answer the question, with a choice or with none. */
    public boolean complete() {
        return answer.complete();
    }

    /**
     * "CPython 3.11.7 on this server measured 0.98×: “About the same time” (2026-12-06 12:04 UTC)", in plain words
     * for the page and the export; {@code otherwise} when it supports another answer than the instructor's runs, which
     * the sentence says first. Empty for a lesson without a rule.
     */
    String text(boolean otherwise) {
        String measured = (otherwise ? "but " : "") + (build == null ? "CPython" : build) + " on this server measured "
                + answer.figure();
        String when = measuredAt == null ? "" : " (" + FidelityReport.minute(measuredAt.toInstant()) + ")";
        return switch (answer.kind()) {
            case "supported" -> measured + (otherwise ? ", which supports another answer: “" : ": “")
                    + answer.choice() + "”" + when;
            case "uncovered" -> measured + ", which no choice covers" + when;
            case "incomplete" -> "CPython has not yet run “" + answer.next() + "” on this server: " + HOW_TO_MEASURE;
            default -> "";
        };
    }
}
