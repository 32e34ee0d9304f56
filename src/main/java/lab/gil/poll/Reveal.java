package lab.gil.poll;

/**
 * A revealed round: the class's predictions beside what was measured, in the sentence the room reads
 * ("62% predicted “About half the time”; measured 1.02×: “About the same time, or a little longer”").
 */
public record Reveal(Tally tally, MeasuredAnswer measured) {

    public String sentence() {
        String predicted = tally.top()
                .map(top -> tally.percent(top) + "% predicted “" + top.choice() + "”")
                .orElse("Nobody predicted");
        return predicted + "; " + measured.text() + ".";
    }

    /** Whether the measurement supports {@code count}'s choice, to mark its bar. */
    public boolean supports(Tally.Count count) {
        return count.choice().equals(measured.choice());
    }
}
