package lab.gil.poll;

/**
 * A class's current round as its instructor sees it: live, with names, revealed or not.
 *
 * @param members the students in the class, to say how many predicted
 * @param reveal  the predictions beside the measured answer, once revealed; null before
 */
public record InstructorPoll(String code, String question, Round round, Tally tally, int members, Reveal reveal) {}
