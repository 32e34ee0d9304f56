package lab.gil.classroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.sql.DataSource;
import lab.gil.interpreter.GilMode;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** What the class store keeps, on whichever database a subclass gives it, migrated from empty. */
abstract class ClassStoreContract {

    ClassStore store;

    /** A new, empty database. */
    abstract DataSource freshDatabase();

    @BeforeEach
    void migrate() {
        DataSource dataSource = freshDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        store = new ClassStore(JdbcClient.create(dataSource));
    }

    @Test
    void anOpenedClassIsFoundByItsCodeWithTheKnobsUnlocked() {
        Classroom opened = store.open("K7M2QX", "cores-and-threads", "teacher", ClassSettings.initial());

        Classroom found = store.findOpen("K7M2QX").orElseThrow();
        assertThat(found).isEqualTo(opened);
        assertThat(found.lessonId()).isEqualTo("cores-and-threads");
        assertThat(found.open()).isTrue();
        assertThat(found.settings().locked()).isFalse();
        assertThat(found.settings().gil()).isEqualTo(GilMode.GIL);
        assertThat(store.openClasses()).containsExactly(opened);
    }

    @Test
    void aCodeIsUniqueAmongOpenClassesAndFreeAgainOnceItsClassIsClosed() {
        Classroom first = store.open("K7M2QX", "cores-and-threads", "teacher", ClassSettings.initial());

        assertThatThrownBy(() -> store.open("K7M2QX", "the-gil", "teacher", ClassSettings.initial()))
                .isInstanceOf(DuplicateKeyException.class);
        store.close(first.id());
        assertThat(store.findOpen("K7M2QX")).isEmpty();
        assertThat(store.wasClosed("K7M2QX")).isTrue();
        assertThat(store.find(first.id()).orElseThrow().open()).isFalse();

        Classroom second = store.open("K7M2QX", "the-gil", "teacher", ClassSettings.initial());
        assertThat(store.findOpen("K7M2QX").orElseThrow().id()).isEqualTo(second.id()).isNotEqualTo(first.id());
    }

    @Test
    void aMemberIsFoundByTheHashOfTheirTokenWhileTheyAreInAnOpenClass() {
        Classroom c = store.open("K7M2QX", "cores-and-threads", "teacher", ClassSettings.initial());
        Member ada = store.addMember(c.id(), MemberCookie.hash("ada-token"), "Ada");
        Member anonymous = store.addMember(c.id(), MemberCookie.hash("anon-token"), null);

        assertThat(store.findMembership(MemberCookie.hash("ada-token")).orElseThrow().member()).isEqualTo(ada);
        assertThat(store.findMembership(MemberCookie.hash("someone-else"))).isEmpty();
        assertThat(store.members(c.id())).containsExactly(ada, anonymous);
        assertThat(anonymous.label()).startsWith("anonymous");

        store.leave(ada.id());
        assertThat(store.findMembership(MemberCookie.hash("ada-token"))).isEmpty();
        assertThat(store.members(c.id())).containsExactly(anonymous);

        store.close(c.id());
        assertThat(store.findMembership(MemberCookie.hash("anon-token"))).isEmpty();
    }

    @Test
    void aNameOfFortyCharactersOfAnyScriptIsKeptAsTyped() {
        Classroom c = store.open("K7M2QX", "cores-and-threads", "teacher", ClassSettings.initial());
        String name = "Zoë Ωμέγα 李小龍 <b>&amp;</b> ".repeat(2).substring(0, DisplayNames.MAX_LENGTH);

        store.addMember(c.id(), MemberCookie.hash("t"), name);

        assertThat(store.members(c.id()).getFirst().displayName()).isEqualTo(name);
    }

    @Test
    void settingsAreKeptAndEveryChangeStudentsSeeIsCounted() {
        Classroom c = store.open("K7M2QX", "cores-and-threads", "teacher", ClassSettings.initial());

        Classroom locked = store.updateSettings(c.id(), true, GilMode.FREE_THREADED, Duration.ofNanos(2_500_000));
        assertThat(locked.settings()).isEqualTo(
                new ClassSettings(true, GilMode.FREE_THREADED, Duration.ofNanos(2_500_000), 1));
        Classroom presenting = store.present(c.id(), "run-42");
        assertThat(presenting.presentedRunId()).isEqualTo("run-42");
        assertThat(presenting.settings().version()).isEqualTo(2);
        Classroom unlocked = store.updateSettings(c.id(), false, GilMode.FREE_THREADED, Duration.ofNanos(2_500_000));
        assertThat(unlocked.settings().locked()).isFalse();
        assertThat(store.findOpen("K7M2QX").orElseThrow().settings().version()).isEqualTo(3);
    }
}
