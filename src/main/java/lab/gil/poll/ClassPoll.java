package lab.gil.poll;

/**
 * A class's poll as one member's lesson page shows it when it loads.
 *
 * @param round      the current round's number
 * @param prediction what this member predicted in it; null when nothing yet
 * @param reveal     the class's predictions beside the measured answer, once revealed; null before
 */
public record ClassPoll(String code, int round, String prediction, Reveal reveal) {}
