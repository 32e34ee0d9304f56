package lab.gil.poll;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The predictions of one round of a class's poll, counted per choice in the lesson's order of choices.
 *
 * @param round  the round, 1 for the first vote; a reset opens the next
 * @param counts every choice of the lesson, also those nobody chose
 */
public record Tally(int round, List<Count> counts) {

    /**
     * One choice and the members who chose it.
     *
     * @param names the members' names as the instructor sees them (a student's own text: shown escaped)
     */
    public record Count(String choice, List<String> names) {

        public Count {
            names = List.copyOf(names);
        }

        public int votes() {
            return names.size();
        }
    }

    public Tally {
        counts = List.copyOf(counts);
    }

    public int total() {
        return counts.stream().mapToInt(Count::votes).sum();
    }

    /** The share of the votes for {@code count}, in whole percent; 0 when nobody voted. */
    public int percent(Count count) {
        return total() == 0 ? 0 : (int) Math.round(100.0 * count.votes() / total());
    }

    /**
     * The full length of the histogram's bars: every vote, so that a bar is as long as its share (the percent written
     * beside it); 1 before anyone voted, since a meter's maximum must lie above its minimum.
     */
    public int barMax() {
        return Math.max(1, total());
    }

    /** The most chosen choice, the first in the lesson's order on a tie; empty when nobody voted. */
    public Optional<Count> top() {
        return counts.stream().filter(c -> c.votes() > 0)
                .max(Comparator.comparingInt(Count::votes).thenComparing(c -> -counts.indexOf(c)));
    }
}
