package lab.gil.classroom;

/** A student and the open class they are in. */
public record Membership(Member member, Classroom classroom) {}
