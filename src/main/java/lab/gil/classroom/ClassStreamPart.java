package lab.gil.classroom;

import java.util.Optional;
import lab.gil.security.SecurityConfig;
import lab.gil.stream.PageStream;
import lab.gil.stream.PageStreamPart;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A class on a page's stream: {@code ?class=CODE} on a member's page (the class's snapshots, and the member counts
 * as connected while the stream is open), {@code ?console=CODE} on the instructor's console (who joined or
 * connected changed). A browser that is not in the open class, or not an instructor, gets the rest of its stream
 * without it.
 */
@Component
class ClassStreamPart implements PageStreamPart {

    private final Classes classes;
    private final ClassChannels channels;

    ClassStreamPart(Classes classes, ClassChannels channels) {
        this.classes = classes;
        this.channels = channels;
    }

    @Override
    public void join(PageStream page) {
        page.parameter("class").ifPresent(code -> memberOf(code, page).ifPresentOrElse(
                membership -> channels.joinStudent(page, membership),
                () -> page.unavailable(HttpStatus.FORBIDDEN, notInClass(code))));
        page.parameter("console").ifPresent(code -> {
            if (!page.request().isUserInRole(SecurityConfig.INSTRUCTOR)) {
                page.unavailable(HttpStatus.FORBIDDEN, "Only an instructor follows a class's console.");
                return;
            }
            classes.findOpen(code).ifPresentOrElse(c -> channels.joinInstructor(page, c),
                    () -> page.unavailable(HttpStatus.NOT_FOUND, "There is no open class " + code + "."));
        });
    }

    private Optional<Membership> memberOf(String code, PageStream page) {
        return classes.membership(page.request()).filter(m -> m.classroom().code().equals(code));
    }

    static String notInClass(String code) {
        return "This browser is not in an open class " + code + ": join it at /join.";
    }
}
