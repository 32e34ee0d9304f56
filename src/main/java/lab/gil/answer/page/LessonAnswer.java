package lab.gil.answer.page;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.gil.answer.AnswerRule;
import lab.gil.answer.Condition;
import lab.gil.answer.Measurement;
import lab.gil.answer.RunFigures;
import lab.gil.answer.Verdict;

/**
 * A lesson's question as the student's runs answer it so far, for the page: what they predicted, and the verdict.
 *
 * @param lessonId    the lesson
 * @param rule        how the lesson is answered; null when its file does not say
 * @param verdict     the verdict of the runs; null without a rule
 * @param prediction  the student's prediction: in a class, theirs in the class's poll; otherwise the newest choice
 *                    a run of theirs was sent with from this lesson's page. Null when none
 * @param inClassPoll whether the student is in a class on this lesson, whose poll holds their prediction
 */
public record LessonAnswer(String lessonId, AnswerRule rule, Verdict verdict, String prediction, boolean inClassPoll) {

    /** An answer outside a class: the prediction is the newest a run was sent with. */
    public LessonAnswer(String lessonId, AnswerRule rule, Verdict verdict, String prediction) {
        this(lessonId, rule, verdict, prediction, false);
    }

    /** The answer from {@code runs}; in a class ({@code inClass} present) with the prediction made in its poll. */
    static LessonAnswer of(String lessonId, AnswerRule rule, List<LessonRun> runs,
                           Optional<ClassPredictions.Prediction> inClass) {
        Verdict verdict = rule == null ? null : rule.evaluate(LessonRuns.byPreset(runs));
        return inClass.map(p -> new LessonAnswer(lessonId, rule, verdict, p.choice(), true))
                .orElseGet(() -> new LessonAnswer(lessonId, rule, verdict, LessonRuns.latestPrediction(runs)));
    }

    /** Which sentence the page says: {@code none}, {@code incomplete}, {@code supported} or {@code uncovered}. */
    public String kind() {
        return switch (verdict) {
            case null -> "none";
            case Verdict.Incomplete i -> "incomplete";
            case Verdict.Supported s -> "supported";
            case Verdict.Uncovered u -> "uncovered";
        };
    }

    /**
     * How the answer stands for the student's progress: {@code agreed} or {@code disagreed} with the prediction,
     * {@code answered} without one, {@code uncovered}, or {@code open} while the answer is incomplete.
     */
    public String outcome() {
        return switch (verdict) {
            case Verdict.Supported s when prediction == null -> "answered";
            case Verdict.Supported s -> s.agreesWith(prediction) ? "agreed" : "disagreed";
            case Verdict.Uncovered u -> "uncovered";
            case null, default -> "open";
        };
    }

    /** The measurement, once the runs include what the answer needs; null before. */
    public Measurement measurement() {
        return switch (verdict) {
            case Verdict.Supported s -> s.measurement();
            case Verdict.Uncovered u -> u.measurement();
            case null, default -> null;
        };
    }

    /** The choice the measurement supports; null when it supports none or is incomplete. */
    public String choice() {
        return verdict instanceof Verdict.Supported s ? s.choice() : null;
    }

    /** The presets still to run, the next first; empty once the answer is complete. */
    public List<String> missingPresets() {
        return verdict instanceof Verdict.Incomplete i ? i.missingPresets() : List.of();
    }

    public boolean agreed() {
        return "agreed".equals(outcome());
    }

    /** The figure's number as the page writes it. */
    public String valueText() {
        Measurement m = measurement();
        return m == null ? "" : FigureText.of(m.figure(), m.value());
    }

    /** The run read for the rule's {@code i}-th preset. */
    public RunFigures run(int i) {
        return measurement().runs().get(rule.presets().get(i));
    }

    /**
     * The measurement in a few plain words, for a class's poll and its export: "1.02×", "0.52 s", "“2 processes”
     * fastest", "“A”, “B” halved the time"; empty before the runs include what the answer needs.
     */
    public String shortText() {
        Measurement m = measurement();
        if (m == null) {
            return "";
        }
        return switch (m.figure()) {
            case FASTEST -> quoted(m.named()) + " fastest";
            case HALVES_THE_TIME -> m.named().isEmpty() ? "none halved the time" : quoted(m.named()) + " halved the time";
            default -> valueText();
        };
    }

    private static String quoted(List<String> names) {
        return "“" + String.join("”, “", names) + "”";
    }

    /** A run's speedup, as the page writes it. */
    public String speedupText(RunFigures run) {
        return FigureText.times(run.speedup());
    }

    public String secondsText(RunFigures run) {
        return FigureText.seconds(run.wallMillis() / 1000);
    }

    /** Each choice with its condition, for saying where the measurement would have to land. */
    public Map<String, Condition> conditions() {
        return rule.choices();
    }

    /** Whether {@code runId} is one of the runs that answered the question. */
    public boolean answeredBy(String runId) {
        Measurement m = measurement();
        return m != null && m.usedRun(runId);
    }
}
