package lab.gil.lesson;

import java.util.regex.Pattern;

/**
 * How long a lesson takes in class, estimated from its file so that an instructor's own lessons are timed the same
 * way: reading its prose, question and explanation at {@link #WORDS_PER_MINUTE}, a minute to predict, a minute for
 * each run its answer needs (a run here takes seconds to a minute, and the class watches it), and two minutes to
 * reveal and discuss the result. Rounded up to whole minutes.
 */
final class ClassMinutes {

    /** A student's reading speed for technical prose on a screen. */
    static final int WORDS_PER_MINUTE = 200;
    static final int TO_PREDICT = 1;
    static final int PER_ANSWERING_RUN = 1;
    static final int TO_REVEAL_AND_DISCUSS = 2;
    /** How the estimate is made, in the words the pages use. */
    static final String HOW = "reading at " + WORDS_PER_MINUTE + " words a minute, a minute to predict, a minute for"
            + " each run the answer needs and two to discuss the result";

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

    private ClassMinutes() {}

    /** The minutes a class spends on a lesson with these texts whose answer needs {@code answeringRuns} runs. */
    static int estimate(int answeringRuns, String... texts) {
        long words = 0;
        for (String text : texts) {
            words += WORD.matcher(text).results().count();
        }
        return (int) Math.ceil((double) words / WORDS_PER_MINUTE) + TO_PREDICT + PER_ANSWERING_RUN * answeringRuns
                + TO_REVEAL_AND_DISCUSS;
    }
}
