package lab.gil.poll;

import lab.gil.answer.page.LessonAnswer;

/**
 * What the instructor's runs measured when a round was revealed, read by the lesson's own answer rule, kept with
 * the round so that the reveal still says it after the runs are forgotten (or the server restarted).
 *
 * @param kind   {@code supported}, {@code uncovered}, {@code incomplete} or {@code none} (no rule), as
 *               {@link LessonAnswer#kind()}
 * @param figure the measurement in a few words ("1.02×"); empty when not measured
 * @param choice the choice the measurement supports; null when it supports none
 * @param next   the preset still to run, when incomplete; null otherwise
 */
public record MeasuredAnswer(String kind, String figure, String choice, String next) {

    static MeasuredAnswer of(LessonAnswer answer) {
        return new MeasuredAnswer(answer.kind(), answer.shortText(), answer.choice(),
                answer.missingPresets().isEmpty() ? null : answer.missingPresets().getFirst());
    }

    /** Whether the measurement answers the question: with a choice ({@code supported}) or none ({@code uncovered}). */
    public boolean complete() {
        return kind.equals("supported") || kind.equals("uncovered");
    }

    /** "measured 1.02×: “About the same time, or a little longer”", in plain words for the page and the export. */
    public String text() {
        return switch (kind) {
            case "supported" -> "measured " + figure + ": “" + choice + "”";
            case "uncovered" -> "measured " + figure + ", which no choice covers";
            case "incomplete" -> "not measured yet: run “" + next + "” first";
            default -> "this lesson has no measured answer";
        };
    }
}
