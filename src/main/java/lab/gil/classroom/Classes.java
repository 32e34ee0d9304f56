package lab.gil.classroom;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.gil.interpreter.GilMode;
import lab.gil.lesson.LessonCatalog;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Opening, joining, steering and closing classes. Every change is stored first, then told to every server
 * ({@link ClassNews}), so that a page that hears of it and one that reads the database agree.
 */
@Service
public class Classes {

    /** The longest display name, for the join form. */
    public static final int MAX_DISPLAY_NAME = DisplayNames.MAX_LENGTH;
    /** Codes drawn before giving up; with a billion codes and a few open classes, the second try is already rare. */
    private static final int CODE_ATTEMPTS = 20;

    private final ClassStore store;
    private final ClassNews news;
    private final LessonCatalog lessons;
    private final JoinCodes codes = new JoinCodes();

    Classes(ClassStore store, ClassNews news, LessonCatalog lessons) {
        this.store = store;
        this.news = news;
        this.lessons = lessons;
    }

    /** What came of a student's attempt to join. */
    public sealed interface JoinResult {
        /** In: {@code token} goes into the member's cookie. */
        record Joined(Membership membership, String token) implements JoinResult {}

        /** Not in, and why, for the form's {@code field}. */
        record Refused(String field, String message) implements JoinResult {}
    }

    /** Opens a class for a lesson under a fresh code; throws {@link IllegalArgumentException} for an unknown lesson. */
    public Classroom open(String lessonId, String openedBy) {
        if (lessonId == null || lessons.find(lessonId).isEmpty()) {
            throw new IllegalArgumentException("There is no lesson \"" + lessonId + "\" to open a class for.");
        }
        for (int attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
            try {
                return store.open(codes.next(), lessonId, openedBy, ClassSettings.initial());
            } catch (DuplicateKeyException taken) {
                // An open class has this code: draw another.
            }
        }
        throw new IllegalStateException("No free join code after " + CODE_ATTEMPTS + " attempts");
    }

    /**
     * Joins the open class whose code the student typed, under the name they typed (blank for anonymous). A
     * student already in a class leaves it first: one class at a time.
     */
    public JoinResult join(String typedCode, String typedName, Optional<String> previousToken) {
        Optional<Classroom> classroom = findOpen(typedCode);
        if (classroom.isEmpty()) {
            return new JoinResult.Refused("code", whyNotOpen(typedCode));
        }
        String name = DisplayNames.clean(typedName);
        String nameProblem = DisplayNames.problem(name);
        if (nameProblem != null) {
            return new JoinResult.Refused("displayName", nameProblem);
        }
        previousToken.flatMap(this::membership).ifPresent(this::leave);
        String token = MemberCookie.newToken();
        Member member = store.addMember(classroom.get().id(), MemberCookie.hash(token), name);
        news.members(classroom.get().code());
        return new JoinResult.Joined(new Membership(member, classroom.get()), token);
    }

    /** Why a typed code does not lead to a class: not a code at all, an ended class, or no class. */
    public String whyNotOpen(String typedCode) {
        Optional<String> code = JoinCodes.normalize(typedCode);
        if (code.isEmpty()) {
            return "A join code has " + JoinCodes.LENGTH
                    + " letters and digits, like K7M2QX: check the code on the projector.";
        }
        return store.wasClosed(code.get())
                ? "The class " + code.get() + " has ended: ask your instructor for the code of the current one."
                : "There is no open class with the code " + code.get() + ": check the code on the projector.";
    }

    /** The membership a member cookie's token stands for, while its class is open. */
    public Optional<Membership> membership(String token) {
        return store.findMembership(MemberCookie.hash(token));
    }

    public void leave(Membership membership) {
        store.leave(membership.member().id());
        news.members(membership.classroom().code());
    }

    public Optional<Classroom> findOpen(String code) {
        return JoinCodes.normalize(code).flatMap(store::findOpen);
    }

    public List<Classroom> openClasses() {
        return store.openClasses();
    }

    public List<Member> members(Classroom classroom) {
        return store.members(classroom.id());
    }

    /** Locks the class's GIL knobs to these values, or (unlocked) hands the knobs back and keeps them for the form. */
    public Classroom changeSettings(Classroom classroom, boolean locked, GilMode gil, Duration switchInterval) {
        Classroom changed = store.updateSettings(classroom.id(), locked, gil, switchInterval);
        news.state(ClassSnapshot.of(changed));
        return changed;
    }

    /** Makes every student page follow {@code runId}; null stops presenting. */
    public Classroom present(Classroom classroom, String runId) {
        Classroom changed = store.present(classroom.id(), runId);
        news.state(ClassSnapshot.of(changed));
        return changed;
    }

    /** Ends the class: student pages let go of it and get their knobs back; its code is free again. */
    public void close(Classroom classroom) {
        store.close(classroom.id());
        news.state(ClassSnapshot.of(classroom).closed());
    }
}
