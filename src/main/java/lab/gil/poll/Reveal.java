package lab.gil.poll;

import java.util.Objects;

/**
 * A revealed round: the class's predictions beside what was measured, and what CPython measured on this server, in
 * the sentence the room reads ("62% predicted “About half the time”; measured 1.02×: “About the same time, or a little
 * longer”; CPython 3.11.7 on this server measured 0.98×: “About the same time, or a little longer” (2026-12-06 12:04
 * UTC)").
 *
 * @param cpython CPython's answer when the round was revealed; null for a round revealed before it was kept
 */
public record Reveal(Tally tally, MeasuredAnswer measured, CPythonAnswer cpython) {

    public String sentence() {
        String predicted = tally.top()
                .map(top -> tally.percent(top) + "% predicted “" + top.choice() + "”")
                .orElse("Nobody predicted");
        String byCPython = cpython == null ? "" : cpython.text(cpythonAnswersOtherwise());
        return predicted + "; " + measured.text() + (byCPython.isEmpty() ? "" : "; " + byCPython) + ".";
    }

    /** Whether the measurement supports {@code count}'s choice, to mark its bar. */
    public boolean supports(Tally.Count count) {
        return count.choice().equals(measured.choice());
    }

    /** Whether CPython's measurement supports {@code count}'s choice, to mark its bar too. */
    public boolean cpythonSupports(Tally.Count count) {
        return cpython != null && count.choice().equals(cpython.answer().choice());
    }

    /**
     * Whether CPython's figures and the instructor's runs, both complete, support different choices (or one of them
     * none): the lesson's picture is not what CPython does here, which the class should hear.
     */
    public boolean cpythonAnswersOtherwise() {
        return cpython != null && cpython.complete() && measured.complete()
                && !Objects.equals(measured.choice(), cpython.answer().choice());
    }
}
